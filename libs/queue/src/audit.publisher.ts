import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobName, jobIdFor, type AuditActor, type AuditEventType, type AuditSubject } from '@app/contracts';
import { currentRequestId } from '@app/observability';
import { JobProducer } from './job.producer';

export const REDACTED = '[redacted]';

/** Key names (lower case, without `_`/`-`) whose values are secrets whatever they look like. */
const SECRET_KEYS = new Set(['code', 'otp', 'pin', 'key', 'password', 'passcode', 'token', 'secret', 'apikey']);
const SECRET_KEY_SUFFIXES = ['password', 'passcode', 'token', 'secret', 'apikey'];
/** Masked values carry '•' (see @app/security maskPhone/maskEmail); these patterns only catch unmasked ones. */
const PHONE = /\+\d{8,15}/;
const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}/i;
const MASK = '•';

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEYS.has(k) || SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s));
}

function looksUnmasked(value: string): boolean {
  return !value.includes(MASK) && (PHONE.test(value) || EMAIL.test(value));
}

/**
 * Last line of defence for audit data, which must hold masked values only: a value under a secret-like
 * key, or a string that looks like an unmasked phone number or email, becomes '[redacted]'. Returns
 * the cleaned copy and the paths (never the values) that were redacted.
 */
export function scrubAuditData(data: Record<string, unknown>): { data: Record<string, unknown>; redacted: string[] } {
  const redacted: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (!looksUnmasked(value)) return value;
      redacted.push(path);
      return REDACTED;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => {
          const child = path ? `${path}.${k}` : k;
          // Booleans ("codeRequired: true" style flags) cannot carry a secret.
          if (isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'boolean') {
            redacted.push(child);
            return [k, REDACTED];
          }
          return [k, walk(v, child)];
        }),
      );
    }
    return value;
  };
  return { data: walk(data ?? {}, '') as Record<string, unknown>, redacted };
}

type AuditParts = { actor: AuditActor; subject: AuditSubject; data: Record<string, unknown> };

/** Scrubs an event's actor, subject and data; logs a warning naming the redacted keys (never their values). */
export function scrubAuditEvent<T extends AuditParts>(logger: Logger, event: T & { type: string }): T {
  const { data, redacted } = scrubAuditData({ actor: event.actor, subject: event.subject, data: event.data ?? {} });
  if (!redacted.length) return event;
  logger.warn({ msg: 'audit event held unmasked or secret values: redacted', type: event.type, keys: redacted });
  return { ...event, ...(data as AuditParts) };
}

/** Publishes security events for apps/audit. Callers pass masked data only; anything else is redacted. */
@Injectable()
export class AuditPublisher {
  private readonly logger = new Logger(AuditPublisher.name);

  constructor(private readonly producer: JobProducer) {}

  async record(workspaceId: string, type: AuditEventType, actor: AuditActor, subject: AuditSubject, data: Record<string, unknown> = {}): Promise<string> {
    const id = randomUUID();
    const event = scrubAuditEvent(this.logger, { id, workspaceId, type, actor, subject, at: new Date().toISOString(), data, requestId: currentRequestId() });
    await this.producer.enqueue(JobName.AuditEvent, event, { jobId: jobIdFor.auditEvent(id) });
    this.logger.debug({ msg: 'audit event published', type, eventId: id });
    return id;
  }
}
