import type { Challenge } from '@app/database';
import { DomainError } from '../common/domain-error';

export type ChallengeStatus = 'pending' | 'approved' | 'expired' | 'canceled' | 'locked' | 'undeliverable';

/** The longest a resend cooldown may grow to, whatever the base and send count. */
export const MAX_RESEND_COOLDOWN_SECONDS = 3600;

/** Expiry is decided at read time from expiresAt: a pending challenge past it is expired. */
export function effectiveStatus(challenge: Pick<Challenge, 'status' | 'expiresAt'>, now: Date): ChallengeStatus {
  if (challenge.status === 'pending' && new Date(challenge.expiresAt).getTime() <= now.getTime()) return 'expired';
  return challenge.status;
}

/** Cooldown after the n-th send (1-based): base, 2×, 4×…, capped. */
export function resendCooldownSeconds(baseSeconds: number, sendNo: number): number {
  if (baseSeconds <= 0) return 0;
  const factor = 2 ** Math.max(0, Math.min(sendNo - 1, 20));
  return Math.min(baseSeconds * factor, MAX_RESEND_COOLDOWN_SECONDS);
}

export const ChallengeErrors = {
  notFound: () => new DomainError(404, 'challenge_not_found', 'No such challenge'),
  expired: () => new DomainError(410, 'challenge_expired', 'The challenge has expired: start a new one'),
  locked: () => new DomainError(429, 'too_many_attempts', 'Too many wrong codes: the challenge is locked, start a new one'),
  notPending: (status: ChallengeStatus) => new DomainError(409, 'challenge_not_pending', `The challenge is ${status}, not pending`, { status }),
  invalidCode: (attemptsRemaining: number) =>
    new DomainError(422, 'invalid_code', 'The code is not correct', { attemptsRemaining }),
  resendTooSoon: (retryAfterSeconds: number) => {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new DomainError(429, 'resend_too_soon', `Wait ${seconds} s before sending another code`, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  },
  channelUnavailable: (channel: string, why: 'not_configured' | 'not_allowed') =>
    why === 'not_configured'
      ? new DomainError(422, 'channel_unavailable', `The ${channel} channel is not configured on this service`, { channel })
      : new DomainError(403, 'channel_unavailable', `The ${channel} channel is turned off in this workspace's settings`, { channel }),
  countryNotAllowed: (country: string | undefined) =>
    new DomainError(403, 'country_not_allowed', 'SMS to this country is not allowed in this workspace', country ? { country } : undefined),
  invalidDestination: (field: string, what: string) =>
    new DomainError(400, 'validation_failed', 'The request is not valid', [{ field, problems: [`must be a valid ${what}`] }]),
  busy: () => new DomainError(409, 'challenge_busy', 'The challenge is being changed by another request: retry'),
};

/**
 * What a verify may do with this challenge before the code is even looked at; throws the contract's error
 * for any state in which no code can succeed.
 */
export function assertVerifiable(challenge: Pick<Challenge, 'status' | 'expiresAt' | 'attempts' | 'maxAttempts'>, now: Date): void {
  const status = effectiveStatus(challenge, now);
  if (status === 'expired') throw ChallengeErrors.expired();
  if (status === 'locked' || (status === 'pending' && challenge.attempts >= challenge.maxAttempts)) throw ChallengeErrors.locked();
  if (status !== 'pending') throw ChallengeErrors.notPending(status);
}

/** Resend and cancel act only on a pending challenge that has not expired. */
export function assertPending(challenge: Pick<Challenge, 'status' | 'expiresAt'>, now: Date): void {
  const status = effectiveStatus(challenge, now);
  if (status === 'expired') throw ChallengeErrors.expired();
  if (status !== 'pending') throw ChallengeErrors.notPending(status);
}
