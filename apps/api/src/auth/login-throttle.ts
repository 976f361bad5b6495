import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { sha256Hex } from '@app/security';
import { Errors } from '../common/domain-error';

/** Password guesses allowed per (workspace, username) and per (workspace, client IP) in one window. */
export const LOGIN_LIMITS = { perUsername: 5, perIp: 20, windowSeconds: 15 * 60 };

/**
 * Limits password attempts in Redis (shared by every API copy). Each attempt is counted before the password
 * is checked, atomically (INCR), so parallel guesses cannot slip past; a success clears the username's count
 * and gives its point back to the IP, so only failures add up. Code attempts are counted by the challenge
 * itself, never here: a locked code does not lock the password, nor the other way round.
 */
@Injectable()
export class LoginThrottle {
  private readonly perUsername: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const common = { storeClient: redis, duration: LOGIN_LIMITS.windowSeconds };
    this.perUsername = new RateLimiterRedis({ ...common, keyPrefix: `${config.queuePrefix}:rl:login-user`, points: LOGIN_LIMITS.perUsername });
    this.perIp = new RateLimiterRedis({ ...common, keyPrefix: `${config.queuePrefix}:rl:login-ip`, points: LOGIN_LIMITS.perIp });
  }

  /** Counts one attempt; 429 `too_many_login_attempts` with Retry-After once either limit is spent. */
  async take(workspaceId: string, usernameKey: string, ip: string): Promise<void> {
    const results = await Promise.allSettled([this.perUsername.consume(userKey(workspaceId, usernameKey)), this.perIp.consume(ipKey(workspaceId, ip))]);
    const refused = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof RateLimiterRes ? [r.reason] : []));
    if (refused.length > 0) {
      const waitMs = Math.max(...refused.map((r) => r.msBeforeNext));
      throw Errors.rateLimited(waitMs / 1000, 'too_many_login_attempts', 'Too many failed log-in attempts: try again later');
    }
    // Anything else (Redis down) is not a verdict on the caller.
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  async succeeded(workspaceId: string, usernameKey: string, ip: string): Promise<void> {
    await Promise.all([this.perUsername.delete(userKey(workspaceId, usernameKey)), this.perIp.reward(ipKey(workspaceId, ip), 1)]);
  }
}

// Hashed so that whatever was typed as a username never sits in Redis as typed.
function userKey(workspaceId: string, usernameKey: string): string {
  return sha256Hex(`${workspaceId}\u0000${usernameKey}`);
}

function ipKey(workspaceId: string, ip: string): string {
  return sha256Hex(`${workspaceId}\u0000${ip}`);
}
