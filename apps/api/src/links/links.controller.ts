import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAuth, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParam } from '../common/id.param';
import { CreateLinkDto, CreatedLinkDto, LinkListDto, LinkWithViewsDto, ListLinksQuery } from './dto/link.dto';
import { LinksService } from './links.service';

@ApiTags('links')
@ApiBearerAuth('apiKey')
@Controller('v1/links')
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedLinkDto })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiForbiddenResponse({ description: 'link_type_not_allowed: the type is not in settings.shareLinks.allowedTypes' })
  create(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() body: CreateLinkDto) {
    return this.links.create(workspaceId, body, actorOf(auth));
  }

  @Get()
  @ApiOkResponse({ type: LinkListDto, description: 'Newest first; share-recipient links are listed on their share' })
  list(@WorkspaceId() workspaceId: string, @Query() query: ListLinksQuery) {
    return this.links.list(workspaceId, query.limit ?? 50);
  }

  @Get(':id')
  @ApiOkResponse({ type: LinkWithViewsDto })
  @ApiNotFoundResponse({ description: 'link_not_found' })
  get(@WorkspaceId() workspaceId: string, @Param() { id }: IdParam) {
    return this.links.get(workspaceId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The link is dead at once' })
  @ApiNotFoundResponse({ description: 'link_not_found' })
  @ApiConflictResponse({ description: 'link_busy: the link stayed locked by other writers for too long; retry' })
  async revoke(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Param() { id }: IdParam) {
    await this.links.revoke(workspaceId, id, actorOf(auth));
  }
}
