import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { AuditEvent } from '@app/contracts';
import { AuditAnchorsRepository, AuditEventsRepository, GENESIS, chainHash, isDuplicateKeyError, linkFields, type AuditEventRecord, type ChainPoint } from '@app/database';
import { scrubAuditEvent } from '@app/queue';
import { AuditChainLock } from './audit-chain-lock';

const MAX_TRIES = 50;

/**
 * Appends events to each workspace's hash chain under the workspace's chain lock: read the tip (the
 * last event, or the purge anchor once retention removed them all), insert seq+1. Should the lock
 * ever expire mid-write, the unique (workspace, seq) index rejects the second writer, who re-reads.
 */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger(AuditLogService.name);

  constructor(
    private readonly events: AuditEventsRepository,
    private readonly anchors: AuditAnchorsRepository,
    private readonly lock: AuditChainLock,
  ) {}

  async append(event: AuditEvent): Promise<{ seq: number; duplicate: boolean }> {
    // A malformed event would fail every retry the same way: park it in the failed set at once.
    if (typeof event?.id !== 'string' || !event.id || typeof event.workspaceId !== 'string' || !event.workspaceId || Number.isNaN(Date.parse(event.at))) {
      throw new UnrecoverableError('malformed audit event: id, workspaceId and an ISO time are required');
    }
    // Producers scrub already; this catches jobs added any other way.
    const clean = scrubAuditEvent(this.logger, event);
    return this.lock.run(event.workspaceId, () => this.appendLocked(clean));
  }

  /** The point a new event links to: the newest stored event, else the purge anchor, else the genesis. */
  async tip(workspaceId: string): Promise<ChainPoint> {
    const last = await this.events.last(workspaceId);
    if (last) return { seq: last.seq, hash: last.hash };
    const anchor = await this.anchors.get(workspaceId);
    return anchor ? { seq: anchor.seq, hash: anchor.hash } : GENESIS;
  }

  private async appendLocked(event: AuditEvent): Promise<{ seq: number; duplicate: boolean }> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const existing = await this.events.findById(event.workspaceId, event.id);
      if (existing) return { seq: existing.seq, duplicate: true };
      const prev = await this.tip(event.workspaceId);
      const link = {
        _id: event.id,
        workspaceId: event.workspaceId,
        seq: prev.seq + 1,
        type: event.type,
        actor: event.actor,
        subject: event.subject,
        at: new Date(event.at),
        data: event.data ?? {},
        requestId: event.requestId,
        prevHash: prev.hash,
      };
      try {
        await this.events.insert({ ...link, hash: chainHash(prev.hash, linkFields(link)) } as AuditEventRecord);
        return { seq: link.seq, duplicate: false };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // Only possible if a lock expired: another writer took this seq (or stored this event). Re-read.
        this.logger.warn({ msg: 'audit seq taken despite the chain lock: retrying', workspaceId: event.workspaceId, seq: link.seq });
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
      }
    }
    throw new Error(`could not append audit event ${event.id} after ${MAX_TRIES} tries`);
  }
}
