import { z } from 'zod';
import { getCountries } from 'libphonenumber-js';
import type { WorkspaceSettings } from '@app/database';

const COUNTRIES = new Set<string>(getCountries());

/** The whole settings document: a PATCH is merged first, then validated as a whole. */
export const settingsSchema = z
  .object({
    authentication: z.object({
      codeRequired: z.boolean(),
      channels: z.array(z.enum(['sms', 'email'])).min(1).max(2).refine((c) => new Set(c).size === c.length, 'channels must not repeat'),
    }).strict(),
    sessionSharing: z.object({ requireAuthentication: z.boolean(), notifySharerOnView: z.boolean() }).strict(),
    shareLinks: z.object({
      allowedTypes: z.array(z.enum(['private', 'public', 'public_2fa'])).max(3).refine((c) => new Set(c).size === c.length, 'allowedTypes must not repeat'),
      defaultExpiryHours: z.number().int().min(1).max(24 * 365),
    }).strict(),
    codes: z.object({
      length: z.number().int().min(4).max(10),
      // OWASP ASVS 2.7.2: out-of-band codes live at most 10 minutes.
      ttlSeconds: z.number().int().min(60).max(600),
      maxAttempts: z.number().int().min(1).max(10),
      resendCooldownSeconds: z.number().int().min(0).max(3600),
      maxSendsPerDestinationPerHour: z.number().int().min(1).max(100),
    }).strict(),
    sms: z.object({
      allowedCountries: z.array(z.string().refine((c) => COUNTRIES.has(c), 'an ISO 3166-1 alpha-2 country code such as US or GB')).max(250),
    }).strict(),
  })
  .strict();

/** zod issues as the contract's details, each naming its field; an unknown key names itself, not its parent. */
export function settingsProblems(issues: readonly z.core.$ZodIssue[]): { field: string; problems: string[] }[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key].join('.'), problems: ['is not a known setting'] }));
    return [{ field: path.join('.') || 'body', problems: [issue.message] }];
  });
}

/** Secure defaults: limits on, nothing looser than the contract allows. */
export function defaultSettings(): WorkspaceSettings {
  return {
    authentication: { codeRequired: false, channels: ['sms', 'email'] },
    sessionSharing: { requireAuthentication: false, notifySharerOnView: false },
    shareLinks: { allowedTypes: ['private', 'public', 'public_2fa'], defaultExpiryHours: 168 },
    codes: { length: 6, ttlSeconds: 600, maxAttempts: 5, resendCooldownSeconds: 30, maxSendsPerDestinationPerHour: 5 },
    sms: { allowedCountries: [] },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars replace. */
export function mergeSettings(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = key in base ? mergeSettings(base[key], value) : value;
  return out;
}

export interface SettingChange {
  /** Dotted path, e.g. `codes.length`. A value, not a key: MongoDB-wire servers (FerretDB) refuse keys with dots. */
  field: string;
  before: unknown;
  after: unknown;
}

/** Leaf paths whose values differ, with before and after: what the audit event records. */
export function diffSettings(before: unknown, after: unknown, prefix = ''): SettingChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => diffSettings(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: prefix, before, after }];
}
