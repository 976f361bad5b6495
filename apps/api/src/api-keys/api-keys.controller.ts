import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentAuth, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParam } from '../common/id.param';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth('apiKey')
@AdminOnly()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() body: CreateApiKeyDto) {
    return this.keys.create(workspaceId, body.name, body.role, actorOf(auth));
  }

  @Get()
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@WorkspaceId() workspaceId: string) {
    return this.keys.list(workspaceId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The key stops working at once' })
  async revoke(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Param() { id }: IdParam) {
    await this.keys.revoke(workspaceId, id, actorOf(auth));
  }
}
