import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminOnly, CurrentAuth, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParam } from '../common/id.param';
import { CreateMemberDto, ListMembersQuery, MemberDto, MemberPageDto, UpdateMemberDto } from './dto/member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth('apiKey')
@AdminOnly()
@ApiUnauthorizedResponse({ description: '`unauthorized`: no valid API key' })
@ApiForbiddenResponse({ description: '`forbidden`: a service key' })
@ApiBadRequestResponse({ description: '`validation_failed`, with the offending fields in details' })
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @ApiCreatedResponse({ type: MemberDto, description: 'The member, destinations masked, never the password' })
  @ApiConflictResponse({ description: '`username_taken`' })
  create(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() body: CreateMemberDto) {
    return this.members.create(workspaceId, body, actorOf(auth));
  }

  @Get()
  @ApiOkResponse({ type: MemberPageDto, description: 'Alphabetical by username' })
  list(@WorkspaceId() workspaceId: string, @Query() query: ListMembersQuery) {
    return this.members.list(workspaceId, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: '`member_not_found` (also for another workspace\'s member)' })
  get(@WorkspaceId() workspaceId: string, @Param() { id }: IdParam) {
    return this.members.get(workspaceId, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: '`member_not_found`' })
  @ApiConflictResponse({ description: '`username_taken`; `member_busy`: another change to this member is in progress, retry' })
  update(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Param() { id }: IdParam, @Body() body: UpdateMemberDto) {
    return this.members.update(workspaceId, id, body, actorOf(auth));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; access tokens already issued to the member stop working at /v1/auth/me' })
  @ApiNotFoundResponse({ description: '`member_not_found`' })
  async remove(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Param() { id }: IdParam) {
    await this.members.remove(workspaceId, id, actorOf(auth));
  }
}
