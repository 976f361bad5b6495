import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AuditEventType } from '@app/contracts';
import { WorkspacesRepository } from '@app/database';
import { AuditPublisher } from '@app/queue';
import { OperatorOnly } from '../common/auth/auth.decorators';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { defaultSettings } from '../settings/settings.schema';
import { CreateWorkspaceDto, CreatedWorkspaceDto } from './dto/create-workspace.dto';

@ApiTags('workspaces')
@ApiBearerAuth('operator')
@OperatorOnly()
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly keys: ApiKeysService,
    private readonly audit: AuditPublisher,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedWorkspaceDto })
  async create(@Body() body: CreateWorkspaceDto) {
    const workspace = await this.workspaces.create(`ws_${randomUUID()}`, body.name, defaultSettings());
    const operator = { kind: 'operator' as const, id: 'operator' };
    await this.audit.record(workspace._id, AuditEventType.WorkspaceCreated, operator, { kind: 'workspace', id: workspace._id }, { name: body.name });
    const apiKey = await this.keys.create(workspace._id, 'initial admin key', 'admin', operator);
    return { id: workspace._id, name: workspace.name, apiKey };
  }
}
