import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, type AuditActor, type ChallengeJob } from '@app/contracts';
import { ChallengesRepository, type Challenge } from '@app/database';
import { renderCodeMessage, type SendResult } from '@app/messaging';
import { AuditPublisher, DocumentLocks } from '@app/queue';
import { decideChallengeSend } from './challenge-send-decision';
import { classifyFailedAttempt, jobFailure, minutesLeft } from './delivery-attempt';
import { MessageDispatcher } from './message-dispatcher';

export const PRODUCT_NAME = 'IrisCX';
const ACTOR: AuditActor = { kind: 'system', id: 'notifier' };

/**
 * Delivers one send of a challenge's code. At-least-once underneath (BullMQ), at-most-once to the person: the
 * provider's message id is recorded the moment it accepts, and a retried job that finds it does not send again.
 */
@Injectable()
export class ChallengeDeliveryService {
  private readonly logger = new Logger(ChallengeDeliveryService.name);
  /**
   * Fault injection for the crash test only (NODE_ENV=test): hold the job between "provider accepted" and "job
   * completed" so a test can SIGKILL the worker inside that window.
   */
  private readonly pauseAfterAcceptMs: number;

  constructor(
    private readonly challenges: ChallengesRepository,
    private readonly audit: AuditPublisher,
    private readonly dispatcher: MessageDispatcher,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pauseAfterAcceptMs = config.testHooks.pauseAfterAcceptMs;
  }

  async deliver(job: Job<ChallengeJob>): Promise<void> {
    const data = job.data;
    const now = new Date();
    const challenge = await this.challenges.findById(data.workspaceId, data.challengeId);
    const decision = decideChallengeSend(challenge, data.sendNo, now);
    if (decision !== 'send' || !challenge) {
      this.logger.log({ msg: 'challenge send skipped', reason: decision, challengeId: data.challengeId, sendNo: data.sendNo, jobId: job.id });
      return;
    }
    if (!this.dispatcher.canSend(data.channel)) {
      // Production without credentials for this channel: nothing can ever deliver it.
      await this.recordFailure(data, challenge, { attempt: job.attemptsMade + 1, errorCode: 'channel_unavailable', permanent: true, final: true });
      return;
    }

    let result: SendResult;
    try {
      result = await this.send(data, now);
    } catch (err) {
      const failed = classifyFailedAttempt(err, job);
      await this.recordFailure(data, challenge, failed);
      this.logger.warn({ msg: 'challenge send failed', challengeId: data.challengeId, sendNo: data.sendNo, attempt: failed.attempt, errorCode: failed.errorCode, permanent: failed.permanent, final: failed.final });
      throw jobFailure(failed);
    }

    // First thing after the provider accepted: a crash after this line must not lead to a second message.
    await this.recordAccepted(data, job.attemptsMade + 1, result.providerMessageId);
    if (this.pauseAfterAcceptMs > 0) await new Promise((r) => setTimeout(r, this.pauseAfterAcceptMs));
    await this.audit.record(data.workspaceId, AuditEventType.ChallengeSent, ACTOR, { kind: 'challenge', id: data.challengeId }, {
      channel: data.channel,
      to: challenge.toMasked,
      sendNo: data.sendNo,
      attempt: job.attemptsMade + 1,
      providerMessageId: result.providerMessageId,
    });
  }

  private send(data: ChallengeJob, now: Date): Promise<SendResult> {
    const message = renderCodeMessage({ code: this.dispatcher.open(data.code), productName: PRODUCT_NAME, expiresInMinutes: minutesLeft(data.expiresAt, now), locale: data.locale });
    return this.dispatcher.send(data.channel, data.to, message);
  }

  private async recordAccepted(data: ChallengeJob, attempt: number, providerMessageId: string): Promise<void> {
    const changes = {
      'delivery.providerMessageId': providerMessageId,
      'delivery.status': 'sent',
      'delivery.attempts': attempt,
      'delivery.lastError': null,
      'delivery.updatedAt': new Date(),
    };
    // A short Mongo hiccup here would mean a retry and a second message: try a few times before giving up.
    for (let tries = 1; ; tries++) {
      try {
        await this.write(data, () => this.challenges.updateIf(data.workspaceId, data.challengeId, { sendNo: data.sendNo, deliverySendNo: data.sendNo }, changes));
        return;
      } catch (err) {
        if (tries >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * tries));
      }
    }
  }

  private async recordFailure(data: ChallengeJob, challenge: Challenge, failed: { attempt: number; errorCode: string; permanent: boolean; final: boolean }): Promise<void> {
    const subject = { kind: 'challenge', id: data.challengeId };
    const guard = { sendNo: data.sendNo, deliverySendNo: data.sendNo };
    await this.write(data, () => this.challenges.updateIf(data.workspaceId, data.challengeId, guard, {
      'delivery.status': failed.final ? 'failed' : 'retrying',
      'delivery.attempts': failed.attempt,
      'delivery.lastError': failed.errorCode,
      'delivery.updatedAt': new Date(),
    }));
    await this.audit.record(data.workspaceId, AuditEventType.ChallengeDeliveryFailed, ACTOR, subject, {
      channel: data.channel,
      to: challenge.toMasked,
      sendNo: data.sendNo,
      attempt: failed.attempt,
      errorCode: failed.errorCode,
      permanent: failed.permanent,
    });
    if (!failed.final) return;
    // Only the current send of a still-pending challenge can make it undeliverable.
    if (await this.write(data, () => this.challenges.updateIf(data.workspaceId, data.challengeId, { ...guard, status: 'pending' }, { status: 'undeliverable' }))) {
      await this.audit.record(data.workspaceId, AuditEventType.ChallengeUndeliverable, ACTOR, subject, {
        channel: data.channel,
        to: challenge.toMasked,
        attempts: failed.attempt,
        errorCode: failed.errorCode,
        reason: failed.permanent ? 'permanent_failure' : 'attempts_exhausted',
      });
    }
  }

  /** The API writes the same document (verify, resend): both sides take the challenge's lock, see DocumentLocks. */
  private write<T>(data: ChallengeJob, work: () => Promise<T>): Promise<T> {
    return this.locks.run('challenge', data.challengeId, work);
  }
}
