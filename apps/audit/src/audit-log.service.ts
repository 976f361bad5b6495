import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { AuditEvent } from '@app/contracts';
import {
  AuditAnchorsRepository,
  AuditEventsRepository,
  AuditHeadsRepository,
  GENESIS,
  chainHash,
  isDuplicateKeyError,
  linkFields,
  toStoredData,
  type AuditEventRecord,
  type ChainPoint,
} from '@app/database';
import { CHAIN_LOCK, DocumentLocks, scrubAuditEvent } from '@app/queue';

const MAX_TRIES = 20;

/**
 * Appends events to each workspace's hash chain under the workspace's chain lock: read the head, insert
 * seq+1, move the head. Should the lock ever expire mid-write (or the head lag behind after a crash), the
 * unique (workspace, seq) index rejects the insert and the head is rebuilt from the stored events.
 */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger(AuditLogService.name);

  constructor(
    private readonly events: AuditEventsRepository,
    private readonly anchors: AuditAnchorsRepository,
    private readonly heads: AuditHeadsRepository,
    private readonly locks: DocumentLocks,
  ) {}

  async append(event: AuditEvent): Promise<{ seq: number; duplicate: boolean }> {
    // A malformed event would fail every retry the same way: park it in the failed set at once.
    if (typeof event?.id !== 'string' || !event.id || typeof event.workspaceId !== 'string' || !event.workspaceId || Number.isNaN(Date.parse(event.at))) {
      throw new UnrecoverableError('malformed audit event: id, workspaceId and an ISO time are required');
    }
    // Producers scrub already; this catches jobs added any other way.
    const clean = scrubAuditEvent(this.logger, event);
    return this.locks.run('audit_chain', event.workspaceId, () => this.appendLocked(clean), CHAIN_LOCK);
  }

  /** The link before the next one, read from the events themselves: the newest, else the purge anchor, else the genesis. */
  async storedTip(workspaceId: string): Promise<ChainPoint> {
    const last = await this.events.last(workspaceId);
    if (last) return { seq: last.seq, hash: last.hash };
    const anchor = await this.anchors.get(workspaceId);
    return anchor ? { seq: anchor.seq, hash: anchor.hash } : GENESIS;
  }

  private async appendLocked(event: AuditEvent): Promise<{ seq: number; duplicate: boolean }> {
    let prev = (await this.heads.get(event.workspaceId)) ?? (await this.storedTip(event.workspaceId));
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const link = {
        _id: event.id,
        workspaceId: event.workspaceId,
        seq: prev.seq + 1,
        type: event.type,
        actor: event.actor,
        subject: event.subject,
        at: new Date(event.at),
        data: toStoredData(event.data ?? {}),
        requestId: event.requestId,
        prevHash: prev.hash,
      };
      const hash = chainHash(prev.hash, linkFields(link));
      try {
        await this.events.insert({ ...link, hash } as AuditEventRecord);
        await this.heads.set(event.workspaceId, { seq: link.seq, hash });
        return { seq: link.seq, duplicate: false };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // The event id is the primary key: a redelivered job lands here and stores nothing.
        const existing = await this.events.findById(event.workspaceId, event.id);
        if (existing) return { seq: existing.seq, duplicate: true };
        // The seq was taken: the head lagged (a crash between insert and head update) or a lock expired.
        this.logger.warn({ msg: 'audit head behind the stored chain: rebuilding it', workspaceId: event.workspaceId, seq: link.seq });
        prev = await this.storedTip(event.workspaceId);
        await this.heads.set(event.workspaceId, prev);
      }
    }
    throw new Error(`could not append audit event ${event.id} after ${MAX_TRIES} tries`);
  }
}
