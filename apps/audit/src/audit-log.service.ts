import { Injectable, Logger } from '@nestjs/common';
import type { AuditEvent } from '@app/contracts';
import { AuditEventsRepository, GENESIS_HASH, chainHash, isDuplicateKeyError } from '@app/database';

const MAX_TRIES = 200;

/**
 * Appends events to each workspace's hash chain. Sequence numbers are claimed optimistically: read the
 * last link, insert seq+1; the unique (workspace, seq) index rejects a concurrent writer, who re-reads
 * and tries again. That holds with any number of audit workers and on servers without atomic updates.
 */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger(AuditLogService.name);

  constructor(private readonly events: AuditEventsRepository) {}

  async append(event: AuditEvent): Promise<{ seq: number; duplicate: boolean }> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const existing = await this.events.findById(event.workspaceId, event.id);
      if (existing) return { seq: existing.seq, duplicate: true };
      const last = await this.events.last(event.workspaceId);
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? GENESIS_HASH;
      const fields = { id: event.id, workspaceId: event.workspaceId, seq, type: event.type, actor: event.actor, subject: event.subject, at: new Date(event.at), data: event.data ?? {}, requestId: event.requestId };
      try {
        await this.events.insert({ ...fields, _id: event.id, prevHash, hash: chainHash(prevHash, fields) });
        return { seq, duplicate: false };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // Lost the race for this seq (or the event id landed meanwhile): back off a little and re-read.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
      }
    }
    throw new Error(`could not append audit event ${event.id} after ${MAX_TRIES} tries`);
  }
}
