import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ApiKeysRepository } from '@app/database';
import { REDIS } from '@app/queue';
import { safeEqual, sha256Hex } from '@app/security';
import { Errors } from '../domain-error';
import { AUTH_REQUIREMENT } from './auth.decorators';
import type { AuthRequirement } from './auth-context';
import { AccessTokensService } from './access-tokens.service';

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S{1,512})$/i.exec(header);
  return match?.[1];
}

/**
 * One guard for every route: operator token, workspace API key (with its role and a per-key request
 * limit shared by all API copies through Redis), or member access token. Keys are looked up on every
 * request, so a revoked key stops working at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly keyLimiter: RateLimiterRedis;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysRepository,
    private readonly tokens: AccessTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.keyLimiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.queuePrefix}:rl:key`, points: config.apiKeyRatePerMinute, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement =
      this.reflector.getAllAndOverride<AuthRequirement>(AUTH_REQUIREMENT, [context.getHandler(), context.getClass()]) ?? 'api_key';
    if (requirement === 'public') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearer(req);
    if (!token) throw Errors.unauthorized(requirement === 'member' ? 'A member access token is required' : undefined);

    if (requirement === 'operator') {
      if (!safeEqual(token, this.config.operatorToken)) throw Errors.unauthorized('The operator token is required');
      req.auth = { kind: 'operator' };
      return true;
    }
    if (requirement === 'member') {
      const claims = this.tokens.verifyMemberToken(token);
      if (!claims) throw Errors.unauthorized('The member access token is missing, invalid or expired');
      req.auth = { kind: 'member', workspaceId: claims.ws, memberId: claims.sub, amr: claims.amr };
      return true;
    }

    const key = await this.apiKeys.findActiveByHash(sha256Hex(token));
    if (!key) throw Errors.unauthorized();
    if (requirement === 'admin' && key.role !== 'admin') throw Errors.forbidden('This endpoint needs an admin API key');
    await this.consume(key._id, context.switchToHttp().getResponse<FastifyReply>());
    req.auth = { kind: 'api_key', workspaceId: key.workspaceId, keyId: key._id, role: key.role };
    return true;
  }

  private async consume(keyId: string, reply: FastifyReply): Promise<void> {
    try {
      const res = await this.keyLimiter.consume(keyId);
      void reply.header('RateLimit-Remaining', String(res.remainingPoints));
    } catch (err) {
      if (err instanceof RateLimiterRes) throw Errors.rateLimited(err.msBeforeNext / 1000);
      throw err;
    }
  }
}
