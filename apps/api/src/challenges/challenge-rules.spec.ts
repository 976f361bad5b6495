import { DomainError } from '../common/domain-error';
import { assertPending, assertVerifiable, effectiveStatus, MAX_RESEND_COOLDOWN_SECONDS, resendCooldownSeconds } from './challenge-rules';

const now = new Date('2030-01-01T00:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 1);

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return `${(err as DomainError).status} ${(err as DomainError).code}`;
  }
}

describe('resend cooldown', () => {
  it('grows base, 2x, 4x per send', () => {
    expect([1, 2, 3, 4].map((n) => resendCooldownSeconds(30, n))).toEqual([30, 60, 120, 240]);
  });
  it('is capped and zero stays zero', () => {
    expect(resendCooldownSeconds(30, 30)).toBe(MAX_RESEND_COOLDOWN_SECONDS);
    expect(resendCooldownSeconds(0, 5)).toBe(0);
  });
});

describe('status at read time', () => {
  it('a pending challenge past its expiry reads as expired, at the exact instant too', () => {
    expect(effectiveStatus({ status: 'pending', expiresAt: earlier }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'pending', expiresAt: now }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'pending', expiresAt: later }, now)).toBe('pending');
  });
  it('a final status stays what it is after expiry', () => {
    expect(effectiveStatus({ status: 'approved', expiresAt: earlier }, now)).toBe('approved');
    expect(effectiveStatus({ status: 'locked', expiresAt: earlier }, now)).toBe('locked');
  });
});

describe('what verify may do', () => {
  const base = { status: 'pending' as const, expiresAt: later, attempts: 0, maxAttempts: 5 };
  it('maps each state to its contract error', () => {
    expect(codeOf(() => assertVerifiable(base, now))).toBeUndefined();
    expect(codeOf(() => assertVerifiable({ ...base, expiresAt: earlier }, now))).toBe('410 challenge_expired');
    expect(codeOf(() => assertVerifiable({ ...base, status: 'locked' }, now))).toBe('429 too_many_attempts');
    expect(codeOf(() => assertVerifiable({ ...base, attempts: 5 }, now))).toBe('429 too_many_attempts');
    expect(codeOf(() => assertVerifiable({ ...base, status: 'approved' }, now))).toBe('409 challenge_not_pending');
    expect(codeOf(() => assertVerifiable({ ...base, status: 'canceled' }, now))).toBe('409 challenge_not_pending');
    expect(codeOf(() => assertVerifiable({ ...base, status: 'undeliverable' }, now))).toBe('409 challenge_not_pending');
  });
  it('resend and cancel need a pending, unexpired challenge', () => {
    expect(codeOf(() => assertPending(base, now))).toBeUndefined();
    expect(codeOf(() => assertPending({ ...base, expiresAt: earlier }, now))).toBe('410 challenge_expired');
    expect(codeOf(() => assertPending({ ...base, status: 'approved' }, now))).toBe('409 challenge_not_pending');
  });
});
