import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { LockTimeoutError, RedisLock } from './redis-lock';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('RedisLock (real Redis)', () => {
  const prefix = `test:security:lock:${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  let lock: RedisLock;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      throw new Error(
        `Redis not reachable at ${REDIS_URL} (${(err as Error).message}): start redis-server on 127.0.0.1:6379 or set REDIS_URL`,
        { cause: err },
      );
    }
    lock = new RedisLock(redis);
  });

  afterAll(async () => {
    if (redis?.status !== 'ready') return;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('50 concurrent callers never overlap', async () => {
    let counter = 0;
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        lock.withLock(`${prefix}counter`, async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          const read = counter;
          await sleep(1);
          counter = read + 1;
          active--;
        }, { waitMs: 20000 }),
      ),
    );
    expect(counter).toBe(50);
    expect(maxActive).toBe(1);
    expect(await redis.exists(`${prefix}counter`)).toBe(0);
  }, 30000);

  it('returns the result and releases on success and on error', async () => {
    await expect(lock.withLock(`${prefix}ok`, async () => 42)).resolves.toBe(42);
    expect(await redis.exists(`${prefix}ok`)).toBe(0);
    await expect(lock.withLock(`${prefix}err`, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await redis.exists(`${prefix}err`)).toBe(0);
  });

  it('sets the TTL', async () => {
    await lock.withLock(`${prefix}ttl`, async () => {
      const pttl = await redis.pttl(`${prefix}ttl`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(1234);
    }, { ttlMs: 1234 });
  });

  it('throws LockTimeoutError when the lock stays busy', async () => {
    await redis.set(`${prefix}busy`, 'someone-else', 'PX', 10000);
    const start = Date.now();
    const attempt = lock.withLock(`${prefix}busy`, async () => 'never', { waitMs: 100 });
    await expect(attempt).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(attempt).rejects.toMatchObject({ name: 'LockTimeoutError', key: `${prefix}busy` });
    expect(Date.now() - start).toBeGreaterThanOrEqual(95);
    expect(await redis.get(`${prefix}busy`)).toBe('someone-else');
  });

  it('does not delete a lock that expired and was taken by someone else', async () => {
    await lock.withLock(`${prefix}stolen`, async () => {
      await sleep(80);
      await redis.set(`${prefix}stolen`, 'new-owner', 'PX', 10000);
    }, { ttlMs: 50 });
    expect(await redis.get(`${prefix}stolen`)).toBe('new-owner');
  });

  it('waits for a lock that is released', async () => {
    await redis.set(`${prefix}later`, 'someone-else', 'PX', 60);
    await expect(lock.withLock(`${prefix}later`, async () => 'got it', { waitMs: 1000 })).resolves.toBe('got it');
  });
});
