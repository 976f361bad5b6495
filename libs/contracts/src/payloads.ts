import type { AuditEvent } from './audit-events';
import { JobName } from './queues';

export type Channel = 'sms' | 'email';

/**
 * A value sealed with DATA_KEY (AES-256-GCM, see @app/security DataCipher). Job data is visible to anyone
 * with Redis or dashboard access, so codes, destinations and link URLs only travel sealed.
 */
export type Sealed = string & { readonly __sealed: true };

export interface ChallengeJob {
  workspaceId: string;
  challengeId: string;
  /** 1 for the first send, +1 per resend or fallback: part of the job id. */
  sendNo: number;
  channel: Channel;
  to: Sealed;
  code: Sealed;
  locale: string;
  expiresAt: string;
  requestId?: string;
}

export interface ShareJob {
  workspaceId: string;
  shareId: string;
  recipientId: string;
  channel: Channel;
  to: Sealed;
  /** Contains the link token. */
  url: Sealed;
  videoTitle: string;
  message?: string;
  senderName?: string;
  locale: string;
  requestId?: string;
}

export interface VerifyJob {
  workspaceId: string;
  linkId: string;
  viewId: string;
  shareId?: string;
  recipientId?: string;
  outcome: 'viewed' | 'code_approved' | 'code_rejected';
  /** Masked identity that proved itself (e.g. +1•••••0123), or 'anonymous' / member id. */
  viewer: string;
  at: string;
  requestId?: string;
}

export interface AuditPurgeJob {
  olderThanDays?: number;
}

/** Removes challenges that expired long ago: expiry is decided in queries, so no TTL index does this. */
export interface ChallengePurgeJob {
  olderThanHours?: number;
}

/** The one map from job name to payload: producers and processors are typed by it. */
export interface JobPayloads {
  [JobName.Challenge]: ChallengeJob;
  [JobName.Share]: ShareJob;
  [JobName.Verify]: VerifyJob;
  [JobName.AuditEvent]: AuditEvent;
  [JobName.AuditPurge]: AuditPurgeJob;
  [JobName.ChallengePurge]: ChallengePurgeJob;
}

/** BullMQ job ids may not contain ':'. Deterministic ids make a second enqueue of the same thing a no-op. */
export const jobIdFor = {
  challenge: (challengeId: string, sendNo: number) => `challenge-${challengeId}-${sendNo}`,
  share: (recipientId: string) => `share-${recipientId}`,
  verify: (viewId: string) => `verify-${viewId}`,
  auditEvent: (eventId: string) => `audit-${eventId}`,
};
