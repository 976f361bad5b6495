import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '@app/contracts';
import { sha256Hex } from '@app/security';
import { AuthenticatedDto, LoginDto, LoginResponseDto, LoginVerifyDto } from '../auth/dto/login.dto';
import { LoginService } from '../auth/login.service';
import { Public } from '../common/auth/auth.decorators';
import { IdempotencyService } from '../common/idempotency.service';
import {
  MediaQuery,
  MediaUrlDto,
  ViewDescriptionDto,
  ViewerChallengeDto,
  ViewerChallengeResultDto,
  ViewerResendDto,
  ViewerTokenDto,
  ViewerVerifyDto,
} from './dto/viewer.dto';
import { ViewerRateLimitGuard } from './viewer-rate-limit.guard';
import { ViewerService } from './viewer.service';

const VIEWER_ACTOR: AuditActor = { kind: 'viewer', id: 'anonymous' };
const NOT_FOUND = 'link_not_found: unknown, revoked, expired and used-up links all answer alike';

/** No API key: the link token in the path is the credential. Answers are never cached and never leak a Referer. */
@ApiTags('viewer')
@Public()
@UseGuards(ViewerRateLimitGuard)
@Controller('v1/view/:token')
@ApiNotFoundResponse({ description: NOT_FOUND })
@ApiTooManyRequestsResponse({ description: 'rate_limited (per IP), with Retry-After' })
export class ViewerController {
  constructor(
    private readonly viewer: ViewerService,
    private readonly idempotency: IdempotencyService,
    private readonly login: LoginService,
  ) {}

  /** Private links: a member of the link's workspace signs in with username and password, as at /v1/auth/login. */
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: LoginResponseDto, description: '`authenticated` with a member access token, or `code_required` when "2FA Code Required" is on' })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiUnauthorizedResponse({ description: 'invalid_credentials, alike for a wrong password and a username unknown in the link\'s workspace' })
  @ApiConflictResponse({ description: 'login_not_required (not a private link), no_mfa_destination' })
  @ApiResponse({ status: 429, description: 'too_many_login_attempts (per username and per IP) with Retry-After, or a code send limit' })
  async memberLogin(@Param('token') token: string, @Body() body: LoginDto, @Req() req: FastifyRequest) {
    const link = await this.viewer.memberLoginLink(token);
    return this.login.login(link.workspaceId, body, req.ip, VIEWER_ACTOR, { linkId: link._id });
  }

  @Post('login/verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: AuthenticatedDto, description: 'The member access token for GET /v1/view/:token/media' })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiUnprocessableEntityResponse({ description: 'invalid_code, with details.attemptsRemaining' })
  @ApiGoneResponse({ description: 'challenge_expired' })
  @ApiConflictResponse({ description: 'login_not_required (not a private link), challenge_not_pending' })
  @ApiUnauthorizedResponse({ description: 'invalid_credentials: the member was deleted meanwhile' })
  @ApiResponse({ status: 429, description: 'too_many_attempts (locked): sign in again for a new code' })
  async memberLoginVerify(@Param('token') token: string, @Body() body: LoginVerifyDto) {
    const link = await this.viewer.memberLoginLink(token);
    return this.login.verify(link.workspaceId, body, VIEWER_ACTOR, { linkId: link._id });
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOkResponse({ type: ViewDescriptionDto })
  describe(@Param('token') token: string) {
    return this.viewer.describe(token);
  }

  @Post('challenge')
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: ViewerChallengeResultDto, description: 'A code is on its way' })
  @ApiBadRequestResponse({ description: 'validation_failed (also: a destination typed for a direct share)' })
  @ApiForbiddenResponse({ description: 'recipient_not_allowed (nothing is sent), channel_unavailable, country_not_allowed' })
  @ApiResponse({ status: 409, description: 'code_not_required' })
  async challenge(
    @Param('token') token: string,
    @Body() body: ViewerChallengeDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const res = await this.idempotency.run(`view:${sha256Hex(token)}`, key, body, 201, () => this.viewer.startChallenge(token, body, req.ip));
    void reply.status(res.status);
    return res.body;
  }

  @Post('verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ViewerTokenDto })
  @ApiUnprocessableEntityResponse({ description: 'invalid_code, with details.attemptsRemaining' })
  @ApiGoneResponse({ description: 'challenge_expired' })
  @ApiResponse({ status: 429, description: 'too_many_attempts (locked)' })
  verify(@Param('token') token: string, @Body() body: ViewerVerifyDto) {
    return this.viewer.verify(token, body.challengeId, body.code);
  }

  @Post('resend')
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiAcceptedResponse({ description: 'A new code is on its way; the old one stops working' })
  @ApiResponse({ status: 429, description: 'resend_too_soon with Retry-After' })
  resend(@Param('token') token: string, @Body() body: ViewerResendDto) {
    return this.viewer.resend(token, body.challengeId);
  }

  @Get('media')
  @ApiBearerAuth('viewer')
  @ApiBearerAuth('member')
  @ApiResponse({ status: 302, description: 'Location: the video' })
  @ApiOkResponse({ type: MediaUrlDto, description: 'with ?format=json' })
  @ApiUnauthorizedResponse({ description: 'viewer_token_required (code links) or member_login_required (private links)' })
  async media(
    @Param('token') token: string,
    @Query() query: MediaQuery,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const url = await this.viewer.media(token, authorization);
    void reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
    if (query.format === 'json') return { url };
    void reply.status(302).header('Location', url);
    return undefined;
  }
}
