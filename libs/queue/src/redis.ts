import Redis, { type RedisOptions } from 'ioredis';

/**
 * BullMQ workers need maxRetriesPerRequest=null (they block); request-path clients should fail fast
 * instead of queueing commands while Redis is away, so health and rate limits answer at once.
 */
export function createRedis(url: string, purpose: 'bullmq' | 'fail-fast', extra: RedisOptions = {}): Redis {
  const common: RedisOptions = {
    lazyConnect: false,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    ...extra,
  };
  const options: RedisOptions =
    purpose === 'bullmq'
      ? { ...common, maxRetriesPerRequest: null, enableReadyCheck: false }
      : { ...common, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  const client = new Redis(url, options);
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash the process.
  client.on('error', () => undefined);
  return client;
}
