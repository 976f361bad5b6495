import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { RedisLock, type LockOptions } from '@app/security';
import { REDIS } from './tokens';

/** Documents that more than one writer changes (API requests, workers, provider callbacks). */
export type LockedDocument = 'challenge' | 'link' | 'share_recipient' | 'workspace' | 'member' | 'audit_chain';

/**
 * A workspace's audit chain: every append and every purge batch hold it (each append needs the previous
 * hash; a purge must not delete the tip an append just read). Longer waits: appends queue up behind it.
 */
export const CHAIN_LOCK = { ttlMs: 15_000, waitMs: 30_000 };

/**
 * FerretDB applies every update as "read the whole document, change it, write it back", so two writers of
 * one document lose each other's changes even when they touch different fields (measured: 191 of 200
 * concurrent pairs). Every writer of such a document runs inside this lock, shared by all processes
 * through Redis; the conditional update stays as the second guard. Real MongoDB needs neither, and pays
 * one Redis round trip.
 */
@Injectable()
export class DocumentLocks {
  private readonly lock: RedisLock;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.lock = new RedisLock(redis);
  }

  run<T>(kind: LockedDocument, id: string, work: () => Promise<T>, options: LockOptions = { ttlMs: 10_000, waitMs: 20_000 }): Promise<T> {
    return this.lock.withLock(`${this.config.queuePrefix}:lock:${kind}:${id}`, work, options);
  }
}
