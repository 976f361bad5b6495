import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { Errors } from '../common/domain-error';

/** Requests per IP per minute on the viewer API: enough for people, too few to guess tokens or codes. */
export const VIEWER_REQUESTS_PER_MINUTE = 300;

/**
 * The viewer API has no API key to limit, so it is limited per client IP, in Redis so every API copy counts
 * together. Unknown tokens count too: that is what makes guessing them slow.
 */
@Injectable()
export class ViewerRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.queuePrefix}:rl:viewer`, points: VIEWER_REQUESTS_PER_MINUTE, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    try {
      await this.limiter.consume(req.ip);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) throw Errors.rateLimited(err.msBeforeNext / 1000);
      throw err;
    }
  }
}
