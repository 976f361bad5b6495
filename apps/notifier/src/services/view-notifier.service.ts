import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuditEventType, type AuditActor, type Sealed, type VerifyJob } from '@app/contracts';
import { LinkViewsRepository, LinksRepository, WorkspacesRepository, type Link } from '@app/database';
import { renderViewNotice } from '@app/messaging';
import { AuditPublisher } from '@app/queue';
import { sha256Hex } from '@app/security';
import { PRODUCT_NAME } from './challenge-delivery.service';
import { classifyFailedAttempt, jobFailure } from './delivery-attempt';
import { MessageDispatcher } from './message-dispatcher';

const ACTOR: AuditActor = { kind: 'system', id: 'notifier' };

/** Only identities proved with a code are worth telling the sharer about: anonymous and member views are not. */
function verifiedByCode(link: Pick<Link, 'type' | 'requiresCode'>): boolean {
  return link.type === 'public_2fa' || (link.type === 'share' && link.requiresCode);
}

/**
 * Emails the sharer the first time each code-verified viewer opens a link, when the workspace asks for it and the
 * link has a notifyEmail. Runs after the view is recorded; its own failures never undo or repeat that record.
 */
@Injectable()
export class ViewNotifierService {
  private readonly logger = new Logger(ViewNotifierService.name);

  constructor(
    private readonly links: LinksRepository,
    private readonly views: LinkViewsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly dispatcher: MessageDispatcher,
    private readonly audit: AuditPublisher,
  ) {}

  /** Throws only for a transient send error with tries left, so the queue retries this part alone. */
  async notify(job: Job<VerifyJob>): Promise<void> {
    const data = job.data;
    if (data.outcome !== 'viewed' || data.viewer === 'anonymous') return;
    const link = await this.links.findById(data.workspaceId, data.linkId);
    if (!link?.notify || !verifiedByCode(link)) return;
    const workspace = await this.workspaces.findById(data.workspaceId);
    // Stored settings may predate this one: missing means off, its default.
    if (workspace?.settings?.sessionSharing?.notifySharerOnView !== true) return;
    if (!this.dispatcher.canSend('email')) {
      this.logger.warn({ msg: 'view notice not sent: email is not configured', linkId: link._id });
      return;
    }

    // The viewer's identity is known here only masked; its hash keeps the key plain ASCII.
    const key = `${link._id}:${sha256Hex(data.viewer)}`;
    if (!(await this.views.claimNotice(data.workspaceId, key, link._id, data.viewId))) return;

    const message = renderViewNotice({ productName: PRODUCT_NAME, videoTitle: link.video.title, viewer: data.viewer, at: data.at, locale: link.notify.locale });
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await this.dispatcher.send('email', link.notify.toSealed as Sealed, message));
    } catch (err) {
      const failed = classifyFailedAttempt(err, job);
      this.logger.warn({ msg: 'view notice not sent', linkId: link._id, viewId: data.viewId, attempt: failed.attempt, errorCode: failed.errorCode, final: failed.final });
      if (!failed.final) throw jobFailure(failed);
      await this.views.settleNotice(data.workspaceId, key, data.viewId, 'failed');
      return;
    }
    await this.views.settleNotice(data.workspaceId, key, data.viewId, 'sent');
    await this.audit.record(data.workspaceId, AuditEventType.ShareViewerNotified, ACTOR, { kind: 'link', id: link._id }, {
      viewer: data.viewer,
      viewId: data.viewId,
      to: link.notify.masked,
      providerMessageId,
      ...(link.shareId ? { shareId: link.shareId, recipientId: link.recipientId } : {}),
    });
  }
}
