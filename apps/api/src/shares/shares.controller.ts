import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, WorkspaceId, actorOf } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParam } from '../common/id.param';
import { IdempotencyService } from '../common/idempotency.service';
import { LinksService } from '../links/links.service';
import { CreateShareDto, CreatedShareDto, ShareDto } from './dto/share.dto';
import { SharesService } from './shares.service';

@ApiTags('shares')
@ApiBearerAuth('apiKey')
@Controller('v1/shares')
export class SharesController {
  constructor(
    private readonly shares: SharesService,
    private readonly links: LinksService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body within 24 h: the first answer again, nothing sent twice' })
  @ApiCreatedResponse({ type: CreatedShareDto })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiTooManyRequestsResponse({ description: 'destination_rate_limited (with Retry-After): a recipient already got codes.maxSendsPerDestinationPerHour messages this hour; nothing is created or sent' })
  async create(
    @WorkspaceId() workspaceId: string,
    @CurrentAuth() auth: AuthContext,
    @Body() body: CreateShareDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The answer holds link tokens, so what Redis keeps for a replay is sealed.
    const cipher = this.links.cipher;
    const res = await this.idempotency.run(`shares:${workspaceId}`, key, body, 201, async () => ({
      sealed: cipher.seal(JSON.stringify(await this.shares.create(workspaceId, body, actorOf(auth)))),
    }));
    void reply.status(res.status);
    return JSON.parse(cipher.open(res.body.sealed)) as CreatedShareDto;
  }

  @Get(':id')
  @ApiOkResponse({ type: ShareDto })
  @ApiNotFoundResponse({ description: 'share_not_found' })
  get(@WorkspaceId() workspaceId: string, @Param() { id }: IdParam) {
    return this.shares.get(workspaceId, id);
  }
}
