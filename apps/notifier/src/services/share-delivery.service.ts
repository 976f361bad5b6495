import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, type AuditActor, type ShareJob } from '@app/contracts';
import { SharesRepository, type ShareRecipient } from '@app/database';
import { EMAIL_SENDER, SMS_SENDER, renderShareMessage, type EmailSender, type SendResult, type SmsSender } from '@app/messaging';
import { AuditPublisher, DocumentLocks } from '@app/queue';
import { DataCipher } from '@app/security';
import { PRODUCT_NAME } from './challenge-delivery.service';
import { classifyFailedAttempt, jobFailure, type FailedAttempt } from './delivery-attempt';

const ACTOR: AuditActor = { kind: 'system', id: 'notifier' };

/**
 * Delivers one share recipient's personal link, by the same rules as a code: sealed job data opened only here,
 * the provider's message id recorded the moment it accepts (a retried job that finds it sends nothing), transient
 * errors retried with backoff by the queue, permanent ones or the last try mark the recipient undeliverable.
 */
@Injectable()
export class ShareDeliveryService {
  private readonly logger = new Logger(ShareDeliveryService.name);
  private readonly cipher: DataCipher;

  constructor(
    private readonly shares: SharesRepository,
    private readonly audit: AuditPublisher,
    private readonly locks: DocumentLocks,
    @Inject(SMS_SENDER) private readonly sms: SmsSender | null,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cipher = new DataCipher(config.dataKey);
  }

  async deliver(job: Job<ShareJob>): Promise<void> {
    const data = job.data;
    const recipient = await this.shares.findRecipient(data.workspaceId, data.recipientId);
    if (!recipient || recipient.delivery.providerMessageId) {
      this.logger.log({ msg: 'share send skipped', reason: recipient ? 'already_accepted' : 'unknown_recipient', recipientId: data.recipientId, jobId: job.id });
      return;
    }
    const attempt = job.attemptsMade + 1;
    const sender = data.channel === 'sms' ? this.sms : this.email;
    if (!sender) {
      await this.recordFailure(data, recipient, { attempt, errorCode: 'channel_unavailable', permanent: true, final: true });
      return;
    }
    // Each write under the recipient's lock (a status callback writes the same document); the send is not.
    await this.locked(data, () => this.shares.countAttempt(data.workspaceId, data.recipientId, attempt));

    let result: SendResult;
    try {
      result = await this.send(data);
    } catch (err) {
      const failed = classifyFailedAttempt(err, job);
      await this.recordFailure(data, recipient, failed);
      this.logger.warn({ msg: 'share send failed', recipientId: data.recipientId, attempt, errorCode: failed.errorCode, permanent: failed.permanent, final: failed.final });
      throw jobFailure(failed);
    }

    // First thing after the provider accepted: a crash after this line must not lead to a second message.
    await this.locked(data, () => this.shares.markSent(data.workspaceId, data.recipientId, result.providerMessageId));
    await this.audit.record(data.workspaceId, AuditEventType.ShareSent, ACTOR, { kind: 'share', id: data.shareId }, {
      recipientId: data.recipientId,
      channel: data.channel,
      to: recipient.masked,
      attempt,
      providerMessageId: result.providerMessageId,
    });
  }

  private locked(data: ShareJob, write: () => Promise<void>): Promise<void> {
    return this.locks.run('share_recipient', data.recipientId, write);
  }

  private send(data: ShareJob): Promise<SendResult> {
    const to = this.cipher.open(data.to);
    const message = renderShareMessage({
      productName: PRODUCT_NAME,
      videoTitle: data.videoTitle,
      url: this.cipher.open(data.url),
      ...(data.message ? { message: data.message } : {}),
      ...(data.senderName ? { senderName: data.senderName } : {}),
      locale: data.locale,
    });
    if (data.channel === 'sms') {
      return this.sms!.send({ to, body: message.sms, statusCallback: `${this.config.publicBaseUrl.replace(/\/+$/, '')}/v1/webhooks/twilio/status` });
    }
    return this.email!.send({ to, ...message.email });
  }

  private async recordFailure(data: ShareJob, recipient: ShareRecipient, failed: Pick<FailedAttempt, 'attempt' | 'errorCode' | 'permanent' | 'final'>): Promise<void> {
    await this.locked(data, () => this.shares.markFailed(data.workspaceId, data.recipientId, failed.final ? 'undeliverable' : 'failed', failed.errorCode));
    await this.audit.record(data.workspaceId, AuditEventType.ShareDeliveryFailed, ACTOR, { kind: 'share', id: data.shareId }, {
      recipientId: data.recipientId,
      channel: data.channel,
      to: recipient.masked,
      attempt: failed.attempt,
      errorCode: failed.errorCode,
      permanent: failed.permanent,
      final: failed.final,
    });
  }
}
