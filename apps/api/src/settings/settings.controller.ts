import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentAuth, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { Errors } from '../common/domain-error';
import { SettingsService } from './settings.service';
import { SettingsDto } from './dto/settings.dto';

@ApiTags('settings')
@ApiBearerAuth('apiKey')
@AdminOnly()
@Controller('v1/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOkResponse({ type: SettingsDto })
  get(@WorkspaceId() workspaceId: string) {
    return this.settings.get(workspaceId);
  }

  /** Merges a partial document; the result is validated whole (zod), so the body is not a DTO. */
  @Patch()
  @ApiBody({ type: SettingsDto, description: 'Any subset of the settings document' })
  @ApiOkResponse({ type: SettingsDto })
  update(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() patch: unknown) {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw Errors.validation([{ field: 'body', problems: ['must be a JSON object'] }]);
    return this.settings.update(workspaceId, patch, actorOf(auth));
  }
}
