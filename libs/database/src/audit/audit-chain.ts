import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  id: string;
  workspaceId: string;
  seq: number;
  type: string;
  actor: unknown;
  subject: unknown;
  at: Date | string;
  data: unknown;
  requestId?: string;
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the event). */
export function chainHash(prevHash: string, event: ChainedFields): string {
  const body = canonicalJson({ ...event, at: new Date(event.at).toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
