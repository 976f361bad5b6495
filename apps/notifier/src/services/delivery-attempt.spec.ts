import { UnrecoverableError } from 'bullmq';
import { DeliveryError, classifySmtpError, classifyTwilioError } from '@app/messaging';
import { decideChallengeSend } from './challenge-send-decision';
import { classifyFailedAttempt, jobFailure, minutesLeft } from './delivery-attempt';

const job = (attemptsMade: number, attempts = 5) => ({ attemptsMade, opts: { attempts } });

describe('a failed provider call', () => {
  it('a permanent Twilio error is final at once and fails the job unrecoverably', () => {
    const failed = classifyFailedAttempt(classifyTwilioError({ status: 400, code: 21211 }), job(0));
    expect(failed).toMatchObject({ errorCode: '21211', permanent: true, final: true, attempt: 1 });
    expect(jobFailure(failed)).toBeInstanceOf(UnrecoverableError);
  });
  it('a transient error retries until the last attempt, then it is final', () => {
    const err = classifyTwilioError({ status: 503, code: 20500 });
    expect(classifyFailedAttempt(err, job(0, 4))).toMatchObject({ permanent: false, final: false, attempt: 1 });
    const last = classifyFailedAttempt(err, job(3, 4));
    expect(last).toMatchObject({ permanent: false, final: true, attempt: 4 });
    expect(jobFailure(last)).not.toBeInstanceOf(UnrecoverableError);
  });
  it('SMTP 550 is permanent, 450 transient', () => {
    expect(classifyFailedAttempt(classifySmtpError({ responseCode: 550 }), job(0))).toMatchObject({ errorCode: 'smtp_550', final: true });
    expect(classifyFailedAttempt(classifySmtpError({ responseCode: 450 }), job(0))).toMatchObject({ errorCode: 'smtp_450', final: false });
  });
  it('an unknown error is transient with code unknown', () => {
    const failed = classifyFailedAttempt(new Error('boom'), job(1));
    expect(failed.error).toBeInstanceOf(DeliveryError);
    expect(failed).toMatchObject({ errorCode: 'unknown', permanent: false, final: false });
  });
});

describe('whether a challenge job sends', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const pending = {
    status: 'pending' as const,
    expiresAt: new Date(now.getTime() + 60_000),
    sendNo: 2,
    delivery: { sendNo: 2, channel: 'sms' as const, status: 'queued' as const, attempts: 0, providerMessageId: null, lastError: null, updatedAt: now },
  };
  it('sends the current send of a pending challenge', () => expect(decideChallengeSend(pending, 2, now)).toBe('send'));
  it('skips a replaced send, a final or expired challenge, and a missing one', () => {
    expect(decideChallengeSend(pending, 1, now)).toBe('replaced');
    expect(decideChallengeSend({ ...pending, status: 'approved' }, 2, now)).toBe('not_pending');
    expect(decideChallengeSend({ ...pending, expiresAt: now }, 2, now)).toBe('not_pending');
    expect(decideChallengeSend(null, 2, now)).toBe('missing');
  });
  it('never sends again once the provider accepted this send', () => {
    expect(decideChallengeSend({ ...pending, delivery: { ...pending.delivery, providerMessageId: 'SM1', status: 'sent' as const } }, 2, now)).toBe('already_accepted');
  });
  it('tells at least one minute', () => {
    expect(minutesLeft(new Date(now.getTime() + 600_000), now)).toBe(10);
    expect(minutesLeft(new Date(now.getTime() + 5_000), now)).toBe(1);
  });
});
