import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, QueryFilter } from 'mongoose';
import { AuditEventRecord } from './audit-event.schema';
import type { StoredLink } from './audit-chain';

export interface AuditPageQuery {
  types?: string[];
  from?: Date;
  to?: Date;
  /** Only events with a seq below this one (the cursor). */
  beforeSeq?: number;
  limit: number;
}

@Injectable()
export class AuditEventsRepository {
  constructor(@InjectModel(AuditEventRecord.name) private readonly model: Model<AuditEventRecord>) {}

  last(workspaceId: string): Promise<AuditEventRecord | null> {
    return this.model.findOne({ workspaceId }).sort({ seq: -1 }).lean<AuditEventRecord>().exec();
  }

  first(workspaceId: string): Promise<AuditEventRecord | null> {
    return this.model.findOne({ workspaceId }).sort({ seq: 1 }).lean<AuditEventRecord>().exec();
  }

  bySeq(workspaceId: string, seq: number): Promise<AuditEventRecord | null> {
    return this.model.findOne({ workspaceId, seq }).lean<AuditEventRecord>().exec();
  }

  /** The oldest link (by seq) whose time is at or after `at`: where a retention purge must stop. */
  firstAtOrAfter(workspaceId: string, at: Date): Promise<AuditEventRecord | null> {
    return this.model.findOne({ workspaceId, at: { $gte: at } }).sort({ seq: 1 }).lean<AuditEventRecord>().exec();
  }

  async exists(workspaceId: string, id: string): Promise<boolean> {
    return (await this.model.countDocuments({ _id: id, workspaceId }).exec()) > 0;
  }

  async insert(record: AuditEventRecord): Promise<void> {
    await this.model.create(record);
  }

  findById(workspaceId: string, id: string): Promise<AuditEventRecord | null> {
    return this.model.findOne({ _id: id, workspaceId }).lean<AuditEventRecord>().exec();
  }

  /** Newest first; one more than `limit` tells the caller whether another page exists. */
  page(workspaceId: string, q: AuditPageQuery): Promise<AuditEventRecord[]> {
    const filter: QueryFilter<AuditEventRecord> = { workspaceId };
    if (q.types?.length) filter.type = q.types.length === 1 ? q.types[0] : { $in: q.types };
    if (q.from || q.to) filter.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
    if (q.beforeSeq !== undefined) filter.seq = { $lt: q.beforeSeq };
    return this.model.find(filter).sort({ seq: -1 }).limit(q.limit + 1).lean<AuditEventRecord[]>().exec();
  }

  /**
   * Streams a workspace's links in seq order after `afterSeq` (up to `uptoSeq`), in batches keyed by
   * seq, so a long chain is never held in memory and no server-side cursor has to stay open.
   */
  async *stream(workspaceId: string, afterSeq: number, { uptoSeq, batchSize = 1000 }: { uptoSeq?: number; batchSize?: number } = {}): AsyncGenerator<StoredLink> {
    let after = afterSeq;
    for (;;) {
      const seq = uptoSeq === undefined ? { $gt: after } : { $gt: after, $lte: uptoSeq };
      const batch = await this.model.find({ workspaceId, seq }).sort({ seq: 1 }).limit(batchSize).lean<StoredLink[]>().exec();
      yield* batch;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1].seq;
    }
  }

  async deleteUpTo(workspaceId: string, seq: number): Promise<number> {
    const res = await this.model.deleteMany({ workspaceId, seq: { $lte: seq } }).exec();
    return res.deletedCount ?? 0;
  }

  /**
   * The one query across tenants: which workspaces hold events older than `before`. Only the retention
   * job uses it, to then purge each workspace through the tenant-scoped methods above.
   */
  async workspacesWithEventsBefore(before: Date): Promise<string[]> {
    return (await this.model.distinct('workspaceId', { at: { $lt: before } }).exec()).map(String);
  }
}
