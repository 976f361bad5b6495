import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, JobName, jobIdFor, type AuditActor, type Sealed } from '@app/contracts';
import { ChallengesRepository, type Challenge, type ChallengeChannel, type ProviderDeliveryStatus, type WorkspaceSettings } from '@app/database';
import { availableChannels, resolveLocale } from '@app/messaging';
import { MetricsService, type VerificationOutcome } from '@app/observability';
import { AuditPublisher, DocumentLocks, JobProducer } from '@app/queue';
import { DataCipher, LockTimeoutError, codeMatches, generateCode, hashCode, maskDestination, normalizeEmail, normalizePhone } from '@app/security';
import { DestinationLimiter } from '../common/destination-limiter';
import { DomainError } from '../common/domain-error';
import { SettingsService } from '../settings/settings.service';
import {
  ChallengeErrors,
  assertPending,
  assertVerifiable,
  effectiveStatus,
  resendCooldownSeconds,
  type ChallengeStatus,
} from './challenge-rules';

export type { ChallengeStatus } from './challenge-rules';
export type ChallengePurpose = 'api' | 'login' | 'link_view';

export interface StartChallengeInput {
  channel: 'sms' | 'email';
  /** Raw destination: the service normalises, validates and enforces limits. */
  to: string;
  /** ISO country for national phone formats. */
  countryHint?: string;
  /** 'en' default, 'es' supported. */
  locale?: string;
  purpose: ChallengePurpose;
  /** Member id for login, link id (or share recipient id) for link_view. */
  subjectId?: string;
  /** Where to send the code if the SMS ends undelivered/failed. */
  fallbackEmail?: string;
}

export interface ChallengeView {
  id: string;
  status: ChallengeStatus;
  channel: 'sms' | 'email';
  /** Masked. */
  to: string;
  expiresAt: string;
  attemptsRemaining: number;
  delivery?: { status: string; attempts: number; lastError?: string };
}

export interface ChallengeExpectation {
  purpose: ChallengePurpose;
  subjectId?: string;
}

export type ProviderStatus = ProviderDeliveryStatus;

const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: 'challenges' };
/** verifications_total{outcome}: the refusals a verify can end in (not-found and busy are not verifications). */
const VERIFY_OUTCOME_OF_ERROR: Record<string, VerificationOutcome | undefined> = {
  invalid_code: 'invalid_code',
  challenge_expired: 'expired',
  too_many_attempts: 'locked',
  challenge_not_pending: 'not_pending',
};

export function toChallengeView(challenge: Challenge, now = new Date()): ChallengeView {
  const d = challenge.delivery;
  return {
    id: challenge._id,
    status: effectiveStatus(challenge, now),
    channel: challenge.channel,
    to: challenge.toMasked,
    expiresAt: new Date(challenge.expiresAt).toISOString(),
    attemptsRemaining: Math.max(0, challenge.maxAttempts - challenge.attempts),
    delivery: { status: d.status, attempts: d.attempts, ...(d.lastError ? { lastError: d.lastError } : {}) },
  };
}

/**
 * One-time-code challenges for every purpose (the public API, login, link viewing). Codes exist in plaintext only
 * on their way into a sealed job; MongoDB holds their HMAC bound to the challenge id and send number. Every change
 * of a challenge runs under a per-challenge Redis lock with a conditional update as the second guard, because
 * FerretDB's updates are read-then-write.
 */
@Injectable()
export class ChallengesService {
  private readonly logger = new Logger(ChallengesService.name);
  private readonly cipher: DataCipher;

  constructor(
    private readonly challenges: ChallengesRepository,
    private readonly settings: SettingsService,
    private readonly producer: JobProducer,
    private readonly audit: AuditPublisher,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly destinations: DestinationLimiter,
  ) {
    this.cipher = new DataCipher(config.dataKey);
  }

  async start(workspaceId: string, input: StartChallengeInput, actor: AuditActor): Promise<ChallengeView> {
    const settings = await this.settings.get(workspaceId);
    this.assertChannel(input.channel, settings);
    const to = this.normalizeDestination(input.channel, input.to, input.countryHint, settings);
    let fallbackEmail: string | null = null;
    if (input.fallbackEmail !== undefined && input.channel === 'sms') {
      fallbackEmail = normalizeEmail(input.fallbackEmail);
      if (!fallbackEmail) throw ChallengeErrors.invalidDestination('fallbackEmail', 'email address');
    }
    const toHash = this.cipher.keyedHash(to);
    await this.destinations.count(workspaceId, toHash, settings.codes.maxSendsPerDestinationPerHour);

    const now = new Date();
    const id = `chl_${randomUUID()}`;
    const sendNo = 1;
    const code = generateCode(settings.codes.length);
    const created = await this.challenges.create(workspaceId, {
      _id: id,
      purpose: input.purpose,
      subjectId: input.subjectId ?? null,
      channel: input.channel,
      toSealed: this.cipher.seal(to),
      toHash,
      toMasked: maskDestination(input.channel, to),
      fallbackEmailSealed: fallbackEmail ? this.cipher.seal(fallbackEmail) : null,
      locale: resolveLocale(input.locale),
      codeHash: hashCode(this.config.codePepper, id, sendNo, code),
      sendNo,
      status: 'pending',
      maxAttempts: settings.codes.maxAttempts,
      expiresAt: new Date(now.getTime() + settings.codes.ttlSeconds * 1000),
      nextResendAt: new Date(now.getTime() + resendCooldownSeconds(settings.codes.resendCooldownSeconds, sendNo) * 1000),
      resendCooldownSeconds: settings.codes.resendCooldownSeconds,
      delivery: { sendNo, channel: input.channel, status: 'queued', attempts: 0, providerMessageId: null, lastError: null, updatedAt: now },
    });
    await this.enqueueSend(workspaceId, created, to, code);
    await this.audit.record(workspaceId, AuditEventType.ChallengeCreated, actor, { kind: 'challenge', id }, {
      channel: input.channel,
      to: created.toMasked,
      purpose: input.purpose,
      ...(input.subjectId ? { subjectId: input.subjectId } : {}),
      fallback: fallbackEmail !== null,
    });
    return toChallengeView(created, now);
  }

  async get(workspaceId: string, id: string, expect: ChallengeExpectation): Promise<ChallengeView> {
    return toChallengeView(await this.load(workspaceId, id, expect));
  }

  async verify(workspaceId: string, id: string, code: string, expect: ChallengeExpectation): Promise<ChallengeView & { status: 'approved'; destinationHash: string }> {
    try {
      const approved = await this.verifyOnce(workspaceId, id, code, expect);
      this.metrics.verification('approved');
      return approved;
    } catch (err) {
      const outcome = err instanceof DomainError ? VERIFY_OUTCOME_OF_ERROR[err.code] : undefined;
      if (outcome) this.metrics.verification(outcome);
      throw err;
    }
  }

  private async verifyOnce(workspaceId: string, id: string, code: string, expect: ChallengeExpectation): Promise<ChallengeView & { status: 'approved'; destinationHash: string }> {
    return this.serialized(id, async () => {
      const now = new Date();
      const challenge = await this.load(workspaceId, id, expect);
      assertVerifiable(challenge, now);
      const subject = { kind: 'challenge', id };
      const guard = { status: 'pending' as const, sendNo: challenge.sendNo, attempts: challenge.attempts, notExpiredAt: now };

      if (codeMatches(this.config.codePepper, challenge._id, challenge.sendNo, code, challenge.codeHash)) {
        if (!(await this.challenges.updateIf(workspaceId, id, guard, { status: 'approved', approvedAt: now }))) throw await this.stateError(workspaceId, id, expect);
        await this.audit.record(workspaceId, AuditEventType.ChallengeApproved, SYSTEM_ACTOR, subject, { purpose: challenge.purpose, to: challenge.toMasked });
        const view = toChallengeView({ ...challenge, status: 'approved' }, now);
        return { ...view, status: 'approved', destinationHash: challenge.toHash };
      }

      const attempts = challenge.attempts + 1;
      const locks = attempts >= challenge.maxAttempts;
      if (!(await this.challenges.updateIf(workspaceId, id, guard, locks ? { attempts, status: 'locked' } : { attempts }))) {
        throw await this.stateError(workspaceId, id, expect);
      }
      await this.audit.record(workspaceId, AuditEventType.ChallengeRejected, SYSTEM_ACTOR, subject, { attempt: attempts, purpose: challenge.purpose });
      if (locks) await this.audit.record(workspaceId, AuditEventType.ChallengeLocked, SYSTEM_ACTOR, subject, { attempts, purpose: challenge.purpose });
      throw ChallengeErrors.invalidCode(challenge.maxAttempts - attempts);
    });
  }

  async resend(workspaceId: string, id: string, expect: ChallengeExpectation, actor: AuditActor): Promise<ChallengeView> {
    return this.serialized(id, async () => {
      const now = new Date();
      const challenge = await this.load(workspaceId, id, expect);
      assertPending(challenge, now);
      const waitMs = new Date(challenge.nextResendAt).getTime() - now.getTime();
      if (waitMs > 0) throw ChallengeErrors.resendTooSoon(waitMs / 1000);
      const settings = await this.settings.get(workspaceId);
      await this.destinations.count(workspaceId, challenge.toHash, settings.codes.maxSendsPerDestinationPerHour);
      const to = this.cipher.open(challenge.toSealed);
      const updated = await this.replaceCode(workspaceId, challenge, settings, now, { channel: challenge.channel, to });
      await this.audit.record(workspaceId, AuditEventType.ChallengeResent, actor, { kind: 'challenge', id }, { channel: updated.channel, to: updated.toMasked, sendNo: updated.sendNo });
      return toChallengeView(updated, now);
    });
  }

  async cancel(workspaceId: string, id: string, expect: ChallengeExpectation, actor: AuditActor): Promise<ChallengeView> {
    return this.serialized(id, async () => {
      const now = new Date();
      const challenge = await this.load(workspaceId, id, expect);
      assertPending(challenge, now);
      if (!(await this.challenges.updateIf(workspaceId, id, { status: 'pending', sendNo: challenge.sendNo }, { status: 'canceled' }))) {
        throw await this.stateError(workspaceId, id, expect);
      }
      await this.audit.record(workspaceId, AuditEventType.ChallengeCanceled, actor, { kind: 'challenge', id }, { purpose: challenge.purpose });
      return toChallengeView({ ...challenge, status: 'canceled' }, now);
    });
  }

  /**
   * A provider's verdict on a message we sent. Recorded only while that message is still the challenge's current
   * send; an SMS that ended undelivered or failed falls back to the email on record, with a fresh code.
   * Returns false when no challenge has that message id (an old send or someone else's).
   */
  async recordProviderStatus(providerMessageId: string, status: ProviderStatus, errorCode: string | undefined): Promise<boolean> {
    const found = await this.challenges.findByProviderMessageId(providerMessageId);
    if (!found) return false;
    const workspaceId = found.workspaceId;
    const id = found._id;
    const recorded = await this.serialized(id, () =>
      this.challenges.updateIf(workspaceId, id, { providerMessageId }, {
        'delivery.status': status,
        'delivery.lastError': errorCode ?? null,
        'delivery.updatedAt': new Date(),
      }),
    );
    if (!recorded) return false;
    await this.audit.record(workspaceId, AuditEventType.DeliveryStatusUpdated, { kind: 'system', id: 'twilio' }, { kind: 'challenge', id }, {
      channel: found.delivery.channel,
      to: found.toMasked,
      status,
      ...(errorCode ? { errorCode } : {}),
    });
    if (status !== 'delivered' && found.delivery.channel === 'sms' && found.fallbackEmailSealed) {
      await this.fallbackToEmail(workspaceId, id, providerMessageId, errorCode).catch((err: Error) =>
        this.logger.warn({ msg: 'email fallback not started', challengeId: id, err: err.message }),
      );
    }
    return true;
  }

  private async fallbackToEmail(workspaceId: string, id: string, failedMessageId: string, errorCode: string | undefined): Promise<void> {
    await this.serialized(id, async () => {
      const now = new Date();
      const challenge = await this.challenges.findById(workspaceId, id);
      // Only once, only for the send that failed, and only while a code can still be used.
      if (!challenge?.fallbackEmailSealed || challenge.delivery.providerMessageId !== failedMessageId) return;
      if (effectiveStatus(challenge, now) !== 'pending') return;
      if (!availableChannels(this.config).includes('email')) return;
      const settings = await this.settings.get(workspaceId);
      const email = this.cipher.open(challenge.fallbackEmailSealed);
      const updated = await this.replaceCode(workspaceId, challenge, settings, now, { channel: 'email', to: email });
      await this.audit.record(workspaceId, AuditEventType.ChallengeFallback, SYSTEM_ACTOR, { kind: 'challenge', id }, {
        from: { channel: challenge.channel, to: challenge.toMasked },
        to: { channel: 'email', to: updated.toMasked },
        sendNo: updated.sendNo,
        ...(errorCode ? { errorCode } : {}),
      });
    });
  }

  /**
   * A new send: new code under a new send number (the old code stops verifying), a fresh TTL, a cooldown that
   * doubles per send, and the job. Used by resend and by the email fallback.
   */
  private async replaceCode(
    workspaceId: string,
    challenge: Challenge,
    settings: WorkspaceSettings,
    now: Date,
    destination: { channel: ChallengeChannel; to: string },
  ): Promise<Challenge> {
    const sendNo = challenge.sendNo + 1;
    const code = generateCode(settings.codes.length);
    const switching = destination.channel !== challenge.channel;
    const changes = {
      sendNo,
      codeHash: hashCode(this.config.codePepper, challenge._id, sendNo, code),
      expiresAt: new Date(now.getTime() + settings.codes.ttlSeconds * 1000),
      nextResendAt: new Date(now.getTime() + resendCooldownSeconds(challenge.resendCooldownSeconds, sendNo) * 1000),
      delivery: { sendNo, channel: destination.channel, status: 'queued' as const, attempts: 0, providerMessageId: null, lastError: null, updatedAt: now },
      ...(switching
        ? {
            channel: destination.channel,
            toSealed: this.cipher.seal(destination.to),
            toHash: this.cipher.keyedHash(destination.to),
            toMasked: maskDestination(destination.channel, destination.to),
            fallbackEmailSealed: null,
          }
        : {}),
    };
    if (!(await this.challenges.updateIf(workspaceId, challenge._id, { status: 'pending', sendNo: challenge.sendNo, notExpiredAt: now }, changes))) {
      throw ChallengeErrors.busy();
    }
    const updated: Challenge = { ...challenge, ...changes };
    await this.enqueueSend(workspaceId, updated, destination.to, code);
    return updated;
  }

  /** Job data carries the destination and code only sealed; the job id is the challenge and its send number. */
  private async enqueueSend(workspaceId: string, challenge: Challenge, to: string, code: string): Promise<void> {
    await this.producer.enqueue(
      JobName.Challenge,
      {
        workspaceId,
        challengeId: challenge._id,
        sendNo: challenge.sendNo,
        channel: challenge.channel,
        to: this.cipher.seal(to) as Sealed,
        code: this.cipher.seal(code) as Sealed,
        locale: challenge.locale,
        expiresAt: new Date(challenge.expiresAt).toISOString(),
      },
      { jobId: jobIdFor.challenge(challenge._id, challenge.sendNo) },
    );
  }

  /** Another purpose's or subject's challenge is as unknown as another workspace's. */
  private async load(workspaceId: string, id: string, expect: ChallengeExpectation): Promise<Challenge> {
    const challenge = await this.challenges.findById(workspaceId, id);
    if (!challenge || challenge.purpose !== expect.purpose || (challenge.subjectId ?? undefined) !== expect.subjectId) throw ChallengeErrors.notFound();
    return challenge;
  }

  /** After a conditional update lost: the error that the challenge's state now calls for. */
  private async stateError(workspaceId: string, id: string, expect: ChallengeExpectation): Promise<Error> {
    try {
      assertVerifiable(await this.load(workspaceId, id, expect), new Date());
    } catch (err) {
      return err as Error;
    }
    return ChallengeErrors.busy();
  }

  private async serialized<T>(id: string, work: () => Promise<T>): Promise<T> {
    try {
      // Generous wait: 50 parallel verifies queue up here one by one.
      return await this.locks.run('challenge', id, work);
    } catch (err) {
      if (err instanceof LockTimeoutError) throw ChallengeErrors.busy();
      throw err;
    }
  }

  private assertChannel(channel: ChallengeChannel, settings: WorkspaceSettings): void {
    if (!availableChannels(this.config).includes(channel)) throw ChallengeErrors.channelUnavailable(channel, 'not_configured');
    if (!settings.authentication.channels.includes(channel)) throw ChallengeErrors.channelUnavailable(channel, 'not_allowed');
  }

  private normalizeDestination(channel: ChallengeChannel, raw: string, countryHint: string | undefined, settings: WorkspaceSettings): string {
    if (channel === 'email') {
      const email = normalizeEmail(raw);
      if (!email) throw ChallengeErrors.invalidDestination('to', 'email address');
      return email;
    }
    const phone = normalizePhone(raw, countryHint);
    if (!phone) throw ChallengeErrors.invalidDestination('to', 'phone number (E.164, or national with countryHint)');
    const allowed = settings.sms.allowedCountries;
    if (allowed.length > 0 && (!phone.country || !allowed.includes(phone.country))) throw ChallengeErrors.countryNotAllowed(phone.country);
    return phone.e164;
  }
}
