import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentAuth, MemberOnly, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { Errors } from '../common/domain-error';
import { MemberDto } from '../members/dto/member.dto';
import { MembersService } from '../members/members.service';
import { AuthenticatedDto, LoginDto, LoginResponseDto, LoginVerifyDto } from './dto/login.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly members: MembersService,
  ) {}

  /** Any workspace key (a service key is what a login page's backend holds). */
  @Post('login')
  @HttpCode(200)
  @ApiBearerAuth('apiKey')
  @ApiOkResponse({ type: LoginResponseDto, description: '`authenticated` with an access token, or `code_required` when "2FA Code Required" is on' })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiUnauthorizedResponse({ description: '`invalid_credentials` for a wrong password and an unknown user alike; `unauthorized` without a key' })
  @ApiConflictResponse({ description: '`no_mfa_destination`: a code is required but the member has no phone/email on an allowed channel' })
  @ApiTooManyRequestsResponse({ description: '`too_many_login_attempts` (per username and per IP, with Retry-After), or a challenge send limit' })
  async start(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Req() req: FastifyRequest, @Body() body: LoginDto) {
    return this.login.login(workspaceId, body, req.ip, actorOf(auth));
  }

  @Post('login/verify')
  @HttpCode(200)
  @ApiBearerAuth('apiKey')
  @ApiOkResponse({ type: AuthenticatedDto })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiUnprocessableEntityResponse({ description: '`invalid_code`, with attemptsRemaining' })
  @ApiNotFoundResponse({ description: '`challenge_not_found`: no such login challenge in this workspace' })
  @ApiGoneResponse({ description: '`challenge_expired`' })
  @ApiConflictResponse({ description: '`challenge_not_pending`: already used or canceled' })
  @ApiTooManyRequestsResponse({ description: '`too_many_attempts`: the challenge is locked; log in again for a new code' })
  @ApiUnauthorizedResponse({ description: '`invalid_credentials`: the member was deleted meanwhile' })
  verify(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() body: LoginVerifyDto) {
    return this.login.verify(workspaceId, body, actorOf(auth));
  }

  @Get('me')
  @MemberOnly()
  @ApiBearerAuth('member')
  @ApiOkResponse({ type: MemberDto })
  @ApiUnauthorizedResponse({ description: '`unauthorized`: no valid member access token' })
  @ApiNotFoundResponse({ description: '`member_not_found`: the member was deleted after the token was issued' })
  me(@CurrentAuth() auth: AuthContext) {
    if (auth.kind !== 'member') throw Errors.unauthorized('A member access token is required');
    return this.members.get(auth.workspaceId, auth.memberId);
  }
}
