export const AuditEventType = {
  ServiceStarted: 'service.started',
  WorkspaceCreated: 'workspace.created',
  ApiKeyCreated: 'api_key.created',
  ApiKeyRevoked: 'api_key.revoked',
  SettingsChanged: 'settings.changed',
  MemberCreated: 'member.created',
  MemberUpdated: 'member.updated',
  MemberDeleted: 'member.deleted',
  LoginSucceeded: 'login.succeeded',
  LoginFailed: 'login.failed',
  LoginCodeRequired: 'login.code_required',
  ChallengeCreated: 'challenge.created',
  ChallengeSent: 'challenge.sent',
  ChallengeDeliveryFailed: 'challenge.delivery_failed',
  ChallengeUndeliverable: 'challenge.undeliverable',
  ChallengeApproved: 'challenge.approved',
  ChallengeRejected: 'challenge.rejected',
  ChallengeLocked: 'challenge.locked',
  ChallengeExpired: 'challenge.expired',
  ChallengeCanceled: 'challenge.canceled',
  ChallengeResent: 'challenge.resent',
  ChallengeFallback: 'challenge.fallback',
  ShareCreated: 'share.created',
  ShareSent: 'share.sent',
  ShareDeliveryFailed: 'share.delivery_failed',
  ShareViewerNotified: 'share.viewer_notified',
  LinkCreated: 'link.created',
  LinkViewed: 'link.viewed',
  LinkRevoked: 'link.revoked',
  LinkAccessDenied: 'link.access_denied',
  WebhookRejected: 'webhook.rejected',
  DeliveryStatusUpdated: 'delivery.status_updated',
} as const;
export type AuditEventType = (typeof AuditEventType)[keyof typeof AuditEventType];

/** Who did it: an API key, a member, a verified viewer (masked), or the system itself. */
export interface AuditActor {
  kind: 'api_key' | 'member' | 'viewer' | 'operator' | 'system';
  id: string;
}

export interface AuditSubject {
  kind: string;
  id: string;
}

/**
 * One security event as produced. `id` is unique and made by the producer, so a redelivered job
 * never stores twice. `data` holds masked values only.
 */
export interface AuditEvent {
  id: string;
  workspaceId: string;
  type: AuditEventType;
  actor: AuditActor;
  subject: AuditSubject;
  at: string;
  data: Record<string, unknown>;
  requestId?: string;
}

/** Workspace id used for events that belong to no workspace (service start-up, operator actions). */
export const SYSTEM_WORKSPACE = 'system';
