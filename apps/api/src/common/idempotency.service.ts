import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { sha256Hex } from '@app/security';
import { DomainError } from './domain-error';

const TTL_SECONDS = 24 * 3600;
const IN_FLIGHT_SECONDS = 60;

interface Stored {
  state: 'done' | 'running';
  bodyHash: string;
  status?: number;
  response?: unknown;
}

/**
 * Idempotency-Key on POSTs that send something: the same key and body within 24 h gets the first answer
 * back and sends nothing new. Kept in Redis so every API copy sees it; only answers without secrets are stored.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run<T>(scope: string, key: string | undefined, body: unknown, status: number, work: () => Promise<T>): Promise<{ status: number; body: T }> {
    if (key === undefined) return { status, body: await work() };
    if (!/^[\w.:-]{1,255}$/.test(key)) {
      throw new DomainError(400, 'validation_failed', 'Idempotency-Key must be 1-255 letters, digits, "_", "-", "." or ":"', [{ field: 'Idempotency-Key', problems: ['invalid format'] }]);
    }
    const redisKey = `${this.config.queuePrefix}:idem:${scope}:${sha256Hex(key)}`;
    const bodyHash = sha256Hex(JSON.stringify(body ?? null));
    const claimed = await this.redis.set(redisKey, JSON.stringify({ state: 'running', bodyHash } satisfies Stored), 'EX', IN_FLIGHT_SECONDS, 'NX');
    if (!claimed) {
      const existing = JSON.parse((await this.redis.get(redisKey)) ?? 'null') as Stored | null;
      if (!existing) return this.run(scope, key, body, status, work);
      if (existing.bodyHash !== bodyHash) throw new DomainError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body');
      if (existing.state === 'running') throw new DomainError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
      return { status: existing.status!, body: existing.response as T };
    }
    try {
      const response = await work();
      await this.redis.set(redisKey, JSON.stringify({ state: 'done', bodyHash, status, response } satisfies Stored), 'EX', TTL_SECONDS);
      return { status, body: response };
    } catch (err) {
      // A failed attempt may be retried with the same key.
      await this.redis.del(redisKey).catch(() => undefined);
      throw err;
    }
  }
}
