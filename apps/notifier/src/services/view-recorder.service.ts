import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuditEventType, type VerifyJob } from '@app/contracts';
import { LinkViewsRepository } from '@app/database';
import { AuditPublisher } from '@app/queue';
import { ViewNotifierService } from './view-notifier.service';

/**
 * Stores each view outcome the API reported (who, masked, and when) so the sharer can see it on the link or
 * share, audits every granted view, then tells the sharer when asked to. Idempotent: the view id is the record's
 * _id, so a job retried for its notice (or redelivered) stores and audits nothing twice.
 */
@Injectable()
export class ViewRecorderService {
  private readonly logger = new Logger(ViewRecorderService.name);

  constructor(
    private readonly views: LinkViewsRepository,
    private readonly audit: AuditPublisher,
    private readonly notifier: ViewNotifierService,
  ) {}

  async record(queued: Job<VerifyJob>): Promise<void> {
    const job = queued.data;
    const stored = await this.views.record(job.workspaceId, {
      _id: job.viewId,
      linkId: job.linkId,
      shareId: job.shareId ?? null,
      recipientId: job.recipientId ?? null,
      outcome: job.outcome,
      viewer: job.viewer,
      at: new Date(job.at),
    });
    if (!stored) this.logger.log({ msg: 'view already recorded', viewId: job.viewId });
    if (stored && job.outcome === 'viewed') await this.auditView(job);
    // Last: the view is on record whatever happens to the notice, which dedupes itself.
    await this.notifier.notify(queued);
  }

  private async auditView(job: VerifyJob): Promise<void> {
    await this.audit.record(job.workspaceId, AuditEventType.LinkViewed, { kind: 'viewer', id: job.viewer }, { kind: 'link', id: job.linkId }, {
      viewer: job.viewer,
      viewId: job.viewId,
      ...(job.shareId ? { shareId: job.shareId, recipientId: job.recipientId } : {}),
    });
  }
}
