import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminOnly, WorkspaceId } from '../common/auth/auth.decorators';
import { AuditTrailService } from './audit-trail.service';
import { AuditEventsPageDto, AuditEventsQueryDto, AuditVerifyDto } from './dto/audit-events.dto';

@ApiTags('audit')
@ApiBearerAuth('apiKey')
@ApiUnauthorizedResponse({ description: '`unauthorized`' })
@ApiForbiddenResponse({ description: '`forbidden`: an admin key is required' })
@AdminOnly()
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditTrailService) {}

  @Get()
  @ApiOperation({ summary: "The workspace's security events, newest first" })
  @ApiOkResponse({ type: AuditEventsPageDto })
  @ApiBadRequestResponse({ description: '`validation_failed` (type, from, to, limit), `invalid_cursor`' })
  list(@WorkspaceId() workspaceId: string, @Query() query: AuditEventsQueryDto) {
    return this.audit.list(workspaceId, query);
  }

  @Get('verify')
  @ApiOperation({ summary: "Recomputes the workspace's hash chain from its oldest kept event" })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@WorkspaceId() workspaceId: string) {
    return this.audit.verify(workspaceId);
  }
}
