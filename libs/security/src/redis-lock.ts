import { randomBytes, randomInt } from 'node:crypto';
import type Redis from 'ioredis';

export interface LockOptions {
  ttlMs?: number;
  waitMs?: number;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';

  constructor(
    readonly key: string,
    readonly waitMs: number,
  ) {
    super(`could not acquire lock "${key}" within ${waitMs} ms`);
  }
}

// Delete only if the value is still our token: after a TTL expiry the key may belong
// to someone else, and deleting it would let a third caller in alongside them.
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisLock {
  constructor(private readonly redis: Redis) {}

  async withLock<T>(key: string, fn: () => Promise<T>, { ttlMs = 5000, waitMs = 5000 }: LockOptions = {}): Promise<T> {
    if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError('ttlMs must be a positive integer');
    if (!Number.isFinite(waitMs) || waitMs < 0) throw new RangeError('waitMs must be a non-negative number');

    const token = randomBytes(16).toString('base64url');
    const deadline = Date.now() + waitMs;
    for (;;) {
      if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LockTimeoutError(key, waitMs);
      // Jitter keeps waiters from retrying in lock-step after each release.
      await sleep(Math.min(randomInt(5, 26), remaining));
    }

    try {
      return await fn();
    } finally {
      try {
        await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
      } catch {
        // The TTL frees the lock anyway; throwing here would hide fn's own result or error.
      }
    }
  }
}
