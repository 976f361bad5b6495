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

/** A stored link as read back from the database (`_id` is the event id). */
export interface StoredLink extends Omit<ChainedFields, 'id' | 'data' | 'requestId'> {
  _id: string;
  data?: unknown;
  requestId?: string | null;
  prevHash: string;
  hash: string;
}

/**
 * The fields a link's hash covers, read the same way when appending and when verifying. A server may
 * drop an empty `data` object or store a missing request id as null; neither may change the hash.
 */
export function linkFields(link: Omit<StoredLink, 'prevHash' | 'hash'>): ChainedFields {
  return {
    id: link._id,
    workspaceId: link.workspaceId,
    seq: link.seq,
    type: link.type,
    actor: link.actor,
    subject: link.subject,
    at: link.at,
    data: link.data ?? {},
    requestId: link.requestId ?? undefined,
  };
}

/** Where a workspace's chain continues from: the genesis, or the anchor left by a purge. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export const GENESIS: ChainPoint = { seq: 0, hash: GENESIS_HASH };

export interface ChainVerdict {
  ok: boolean;
  /** Links checked, up to and including the broken one. */
  checked: number;
  /** The first seq whose link does not hold: modified (hash), missing (gap) or re-linked (prevHash). */
  brokenAt?: number;
}

/**
 * Walks links in seq order from `start` (the genesis or a purge anchor) and names the first one that
 * does not hold. A modified event fails its own hash; a deleted one leaves a seq gap (named by the
 * missing seq); a deleted-and-renumbered one fails the next link's prevHash.
 */
export async function verifyChain(start: ChainPoint, links: AsyncIterable<StoredLink> | Iterable<StoredLink>): Promise<ChainVerdict> {
  let expected = start;
  let checked = 0;
  for await (const link of links) {
    checked++;
    if (link.seq !== expected.seq + 1) return { ok: false, checked, brokenAt: expected.seq + 1 };
    if (link.prevHash !== expected.hash || chainHash(link.prevHash, linkFields(link)) !== link.hash) {
      return { ok: false, checked, brokenAt: link.seq };
    }
    expected = { seq: link.seq, hash: link.hash };
  }
  return { ok: true, checked };
}
