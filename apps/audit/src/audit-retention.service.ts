import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, QueueName, defaultJobOptions, type AuditPurgeJob } from '@app/contracts';
import { AuditAnchorsRepository, AuditEventsRepository, GENESIS, verifyChain } from '@app/database';
import { CHAIN_LOCK, DocumentLocks, JobProducer } from '@app/queue';

export const AUDIT_PURGE_SCHEDULER = 'audit-purge';
const PURGE_EVERY_MS = 3600_000;
const DAY_MS = 24 * 3600_000;
/** Links removed per lock hold, so appends to the same workspace wait at most one batch. */
const BATCH = 1000;

export interface PurgeResult {
  purged: number;
  workspaces: number;
}

/**
 * Retention: removes a prefix of each workspace's chain older than AUDIT_RETENTION_DAYS. Before a batch
 * is deleted its last link becomes the workspace's anchor, so verification (and appending, once all
 * events are gone) continues from it. Only links whose chain still verifies are purged: a purge never
 * erases the evidence of tampering.
 */
@Injectable()
export class AuditRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditRetentionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: AuditEventsRepository,
    private readonly anchors: AuditAnchorsRepository,
    private readonly locks: DocumentLocks,
    private readonly producer: JobProducer,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: start-up must not hang on Redis; every audit copy upserts the same scheduler.
    void this.schedule().catch((err: Error) => this.logger.error({ msg: 'audit purge scheduler not created', err: err.message }));
  }

  async schedule(): Promise<void> {
    await this.producer.queue(QueueName.Audit).upsertJobScheduler(
      AUDIT_PURGE_SCHEDULER,
      { every: PURGE_EVERY_MS },
      { name: JobName.AuditPurge, data: {} satisfies AuditPurgeJob, opts: defaultJobOptions(JobName.AuditPurge, this.config.delivery) },
    );
  }

  async purge(job: AuditPurgeJob = {}): Promise<PurgeResult> {
    const days = Number.isInteger(job.olderThanDays) && job.olderThanDays! >= 1 ? job.olderThanDays! : this.config.auditRetentionDays;
    const cutoff = new Date(Date.now() - days * DAY_MS);
    let purged = 0;
    const workspaces = await this.events.workspacesWithEventsBefore(cutoff);
    for (const workspaceId of workspaces) purged += await this.purgeWorkspace(workspaceId, cutoff);
    this.logger.log({ msg: 'audit purge done', olderThanDays: days, workspaces: workspaces.length, purged });
    return { purged, workspaces: workspaces.length };
  }

  async purgeWorkspace(workspaceId: string, cutoff: Date): Promise<number> {
    let purged = 0;
    for (;;) {
      const removed = await this.locks.run('audit_chain', workspaceId, () => this.purgeBatch(workspaceId, cutoff), CHAIN_LOCK);
      if (removed === 0) return purged;
      purged += removed;
    }
  }

  /** Under the chain lock: anchor then delete the next batch of the expired prefix. 0 = nothing (more) to do. */
  private async purgeBatch(workspaceId: string, cutoff: Date): Promise<number> {
    const anchor = await this.anchors.get(workspaceId);
    const start = anchor ? { seq: anchor.seq, hash: anchor.hash } : GENESIS;
    // Links at or below the anchor are leftovers of a purge that stopped between anchoring and deleting.
    const leftovers = anchor ? await this.events.deleteUpTo(workspaceId, anchor.seq) : 0;
    const [firstKept, last] = await Promise.all([this.events.firstAtOrAfter(workspaceId, cutoff), this.events.last(workspaceId)]);
    if (!last) return leftovers;
    // Only a prefix may go: an old event after a newer one waits until everything before it expired.
    const expiredUpTo = firstKept ? firstKept.seq - 1 : last.seq;
    const upto = Math.min(expiredUpTo, start.seq + BATCH);
    if (upto <= start.seq) return leftovers;

    const verdict = await verifyChain(start, this.events.stream(workspaceId, start.seq, { uptoSeq: upto }));
    // Purge only links that verify: the first broken (or missing) one and all after it stay as evidence.
    const verifiedUpTo = verdict.ok ? start.seq + verdict.checked : verdict.brokenAt! - 1;
    if (verifiedUpTo < upto) {
      this.logger.error({ msg: 'audit chain does not verify: not purging past the break', workspaceId, brokenAt: verifiedUpTo + 1 });
    }
    if (verifiedUpTo <= start.seq) return leftovers;
    const newest = await this.events.bySeq(workspaceId, verifiedUpTo);
    if (!newest) return leftovers;
    // Anchor first: should the process die before the delete, the kept links still verify from it.
    await this.anchors.set(workspaceId, { seq: newest.seq, hash: newest.hash }, newest.at);
    return leftovers + (await this.events.deleteUpTo(workspaceId, newest.seq));
  }
}
