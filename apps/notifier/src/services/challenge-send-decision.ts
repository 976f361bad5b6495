import type { Challenge } from '@app/database';

export type ChallengeSendDecision = 'send' | 'missing' | 'replaced' | 'not_pending' | 'already_accepted';

/**
 * Whether a `challenge` job should call the provider. A job runs at least once, so: never for a send that a
 * resend or fallback replaced, never once the code can no longer be used, and never again once the provider
 * accepted this send (its message id is on record).
 */
export function decideChallengeSend(challenge: Pick<Challenge, 'status' | 'expiresAt' | 'sendNo' | 'delivery'> | null, sendNo: number, now: Date): ChallengeSendDecision {
  if (!challenge) return 'missing';
  if (challenge.sendNo !== sendNo) return 'replaced';
  if (challenge.status !== 'pending' || new Date(challenge.expiresAt).getTime() <= now.getTime()) return 'not_pending';
  if (challenge.delivery.sendNo === sendNo && challenge.delivery.providerMessageId) return 'already_accepted';
  return 'send';
}
