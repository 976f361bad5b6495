import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParam } from '../common/id.param';
import { IdempotencyService } from '../common/idempotency.service';
import { ChallengesService, type ChallengeExpectation } from './challenges.service';
import { ChallengeDto, CreateChallengeDto, ErrorDto, VerifyChallengeDto } from './dto/challenge.dto';

/** The public endpoints see only challenges started through them, never login or link challenges. */
const API: ChallengeExpectation = { purpose: 'api' };

@ApiTags('challenges')
@ApiBearerAuth('apiKey')
@ApiBadRequestResponse({ type: ErrorDto, description: 'validation_failed' })
@Controller('v1/challenges')
export class ChallengesController {
  constructor(
    private readonly challenges: ChallengesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body within 24 h: the first answer, nothing sent again' })
  @ApiCreatedResponse({ type: ChallengeDto })
  @ApiForbiddenResponse({ type: ErrorDto, description: 'country_not_allowed, channel_unavailable (turned off in settings)' })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'channel_unavailable (no credentials), idempotency_key_reused' })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: 'destination_rate_limited, rate_limited (with Retry-After)' })
  async create(
    @WorkspaceId() workspaceId: string,
    @CurrentAuth() auth: AuthContext,
    @Body() body: CreateChallengeDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.idempotency.run(`challenges:${workspaceId}`, idempotencyKey, body, 201, () =>
      this.challenges.start(workspaceId, { ...body, purpose: 'api' }, actorOf(auth)),
    );
    void reply.status(result.status);
    return result.body;
  }

  @Get(':id')
  @ApiOkResponse({ type: ChallengeDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'challenge_not_found' })
  get(@WorkspaceId() workspaceId: string, @Param() { id }: IdParam) {
    return this.challenges.get(workspaceId, id, API);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: ChallengeDto, description: 'status approved' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'challenge_not_found' })
  @ApiConflictResponse({ type: ErrorDto, description: 'challenge_not_pending (approved, canceled, undeliverable)' })
  @ApiGoneResponse({ type: ErrorDto, description: 'challenge_expired' })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'invalid_code, details.attemptsRemaining' })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: 'too_many_attempts (locked)' })
  async verify(@WorkspaceId() workspaceId: string, @Param() { id }: IdParam, @Body() body: VerifyChallengeDto) {
    // The destination hash is for in-process callers (login, viewer), not for API clients.
    const { destinationHash: _omit, ...view } = await this.challenges.verify(workspaceId, id, body.code, API);
    return view;
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ChallengeDto, description: 'A new code replaces the old one' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'challenge_not_found' })
  @ApiConflictResponse({ type: ErrorDto, description: 'challenge_not_pending' })
  @ApiGoneResponse({ type: ErrorDto, description: 'challenge_expired' })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: 'resend_too_soon, destination_rate_limited (with Retry-After)' })
  resend(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Param() { id }: IdParam) {
    return this.challenges.resend(workspaceId, id, API, actorOf(auth));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ChallengeDto, description: 'status canceled' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'challenge_not_found' })
  @ApiConflictResponse({ type: ErrorDto, description: 'challenge_not_pending' })
  @ApiGoneResponse({ type: ErrorDto, description: 'challenge_expired' })
  cancel(@WorkspaceId() workspaceId: string, @CurrentAuth() auth: AuthContext, @Param() { id }: IdParam) {
    return this.challenges.cancel(workspaceId, id, API, actorOf(auth));
  }
}
