import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { DomainError } from './domain-error';

const WINDOW_SECONDS = 3600;

/**
 * Fixed one-hour window per destination, for every destination of one send at once: if any is already at the
 * limit nothing is counted (so a refused multi-recipient share costs no one a send); otherwise all are counted.
 * The TTL of the full key says when its window ends (Retry-After).
 */
const COUNT_SENDS_SCRIPT = `local window = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= max then
    local ttl = redis.call('TTL', key)
    if ttl < 0 then redis.call('EXPIRE', key, window); ttl = window end
    return {0, ttl}
  end
end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, window) end
end
return {1, 0}`;

export const destinationRateLimited = (retryAfterSeconds: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new DomainError(429, 'destination_rate_limited', 'Too many messages were sent to this destination: try again later', { retryAfterSeconds: seconds }, {
    'Retry-After': String(seconds),
  });
};

/**
 * settings.codes.maxSendsPerDestinationPerHour for codes and share links alike, counted in Redis on the
 * destinations' keyed hashes so every API copy shares one count and no plaintext destination reaches Redis.
 */
@Injectable()
export class DestinationLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one send to each destination, or throws 429 destination_rate_limited (+ Retry-After) and counts none. */
  async count(workspaceId: string, toHashes: string | readonly string[], maxPerHour: number): Promise<void> {
    const hashes = typeof toHashes === 'string' ? [toHashes] : [...new Set(toHashes)];
    if (hashes.length === 0) return;
    const keys = hashes.map((hash) => `${this.config.queuePrefix}:rl:dest:${workspaceId}:${hash}`);
    const [allowed, ttl] = (await this.redis.eval(COUNT_SENDS_SCRIPT, keys.length, ...keys, String(WINDOW_SECONDS), String(maxPerHour))) as [number, number];
    if (allowed !== 1) throw destinationRateLimited(ttl);
  }
}
