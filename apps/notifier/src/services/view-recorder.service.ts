import { Injectable, Logger } from '@nestjs/common';
import { AuditEventType, type VerifyJob } from '@app/contracts';
import { LinkViewsRepository } from '@app/database';
import { AuditPublisher } from '@app/queue';

/**
 * Stores each view outcome the API reported (who, masked, and when) so the sharer can see it on the link or
 * share, and audits every granted view. Idempotent: the view id is the record's _id, so a redelivered job stores
 * nothing twice.
 */
@Injectable()
export class ViewRecorderService {
  private readonly logger = new Logger(ViewRecorderService.name);

  constructor(
    private readonly views: LinkViewsRepository,
    private readonly audit: AuditPublisher,
  ) {}

  async record(job: VerifyJob): Promise<void> {
    const stored = await this.views.record(job.workspaceId, {
      _id: job.viewId,
      linkId: job.linkId,
      shareId: job.shareId ?? null,
      recipientId: job.recipientId ?? null,
      outcome: job.outcome,
      viewer: job.viewer,
      at: new Date(job.at),
    });
    if (!stored) {
      this.logger.log({ msg: 'view already recorded', viewId: job.viewId });
      return;
    }
    if (job.outcome !== 'viewed') return;
    await this.audit.record(job.workspaceId, AuditEventType.LinkViewed, { kind: 'viewer', id: job.viewer }, { kind: 'link', id: job.linkId }, {
      viewer: job.viewer,
      viewId: job.viewId,
      ...(job.shareId ? { shareId: job.shareId, recipientId: job.recipientId } : {}),
    });
  }
}
