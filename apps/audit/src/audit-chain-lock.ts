import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { RedisLock } from '@app/security';

/**
 * One Redis lock per workspace chain, taken by every append and every purge batch. Appends of one
 * workspace are sequential by nature (each needs the previous hash), so the lock costs little; it is
 * what keeps a purge from deleting the tip a concurrent append has just read. The unique
 * (workspaceId, seq) index stays the second guard should a lock expire mid-write.
 */
@Injectable()
export class AuditChainLock {
  private readonly locks: RedisLock;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.locks = new RedisLock(redis);
  }

  run<T>(workspaceId: string, fn: () => Promise<T>): Promise<T> {
    // The queue prefix keeps suites and deployments sharing one Redis apart.
    return this.locks.withLock(`${this.config.queuePrefix}:audit-chain:${workspaceId}`, fn, { ttlMs: 15000, waitMs: 30000 });
  }
}
