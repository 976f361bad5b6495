import { UnrecoverableError } from 'bullmq';
import type { AuditEvent } from '@app/contracts';
import { GENESIS, GENESIS_HASH, verifyChain, type AuditAnchorsRepository, type AuditEventRecord, type AuditEventsRepository, type AuditHeadsRepository, type ChainPoint } from '@app/database';
import { AuditLogService } from './audit-log.service';
import type { DocumentLocks } from '@app/queue';

const WS = 'ws_1';

/** In-memory stand-ins that enforce the two unique keys the real collection has: _id and (workspace, seq). */
function setup() {
  const rows = new Map<string, AuditEventRecord>();
  let head: ChainPoint | null = null;
  let anchor: { seq: number; hash: string } | null = null;
  const duplicate = () => Object.assign(new Error('E11000'), { code: 11000 });
  const events = {
    findById: async (_ws: string, id: string) => rows.get(id) ?? null,
    last: async () => [...rows.values()].sort((a, b) => b.seq - a.seq)[0] ?? null,
    insert: async (r: AuditEventRecord) => {
      if (rows.has(r._id) || [...rows.values()].some((x) => x.seq === r.seq)) throw duplicate();
      rows.set(r._id, r);
    },
  } as unknown as AuditEventsRepository;
  const heads = { get: async () => head, set: async (_ws: string, p: ChainPoint) => void (head = p) } as unknown as AuditHeadsRepository;
  const anchors = { get: async () => anchor } as unknown as AuditAnchorsRepository;
  const lock = { run: (_kind: string, _ws: string, fn: () => Promise<unknown>) => fn() } as unknown as DocumentLocks;
  const service = new AuditLogService(events, anchors, heads, lock);
  const chain = () => [...rows.values()].sort((a, b) => a.seq - b.seq);
  return {
    service,
    chain,
    setHead: (p: ChainPoint | null) => (head = p),
    setAnchor: (a: { seq: number; hash: string }) => (anchor = a),
    clear: () => rows.clear(),
  };
}

let n = 0;
const evt = (data: Record<string, unknown> = {}): AuditEvent => ({
  id: `evt-${++n}`,
  workspaceId: WS,
  type: 'settings.changed',
  actor: { kind: 'system', id: 't' },
  subject: { kind: 'workspace', id: WS },
  at: new Date().toISOString(),
  data,
});

describe('AuditLogService.append', () => {
  it('starts at seq 1 on the genesis and links each event to the one before', async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) await t.service.append(evt({ i }));
    expect(t.chain().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(t.chain()[0].prevHash).toBe(GENESIS_HASH);
    expect(await verifyChain(GENESIS, t.chain())).toEqual({ ok: true, checked: 5 });
  });

  it('stores a redelivered event once and answers with its seq', async () => {
    const t = setup();
    const e = evt();
    await t.service.append(evt());
    expect(await t.service.append(e)).toEqual({ seq: 2, duplicate: false });
    expect(await t.service.append(e)).toEqual({ seq: 2, duplicate: true });
    expect(t.chain()).toHaveLength(2);
  });

  it('rebuilds a head that lags behind the stored chain (crash between insert and head update)', async () => {
    const t = setup();
    for (let i = 0; i < 3; i++) await t.service.append(evt());
    t.setHead({ seq: 1, hash: t.chain()[0].hash });
    expect(await t.service.append(evt())).toEqual({ seq: 4, duplicate: false });
    expect(await verifyChain(GENESIS, t.chain())).toEqual({ ok: true, checked: 4 });
  });

  it('continues from the purge anchor when no event and no head is left', async () => {
    const t = setup();
    t.setAnchor({ seq: 41, hash: 'a'.repeat(64) });
    expect(await t.service.append(evt())).toEqual({ seq: 42, duplicate: false });
    expect(t.chain()[0].prevHash).toBe('a'.repeat(64));
    expect(await verifyChain({ seq: 41, hash: 'a'.repeat(64) }, t.chain())).toEqual({ ok: true, checked: 1 });
  });

  it('redacts unmasked values before they are hashed and stored', async () => {
    const t = setup();
    await t.service.append(evt({ to: '+15551234567', token: 'abc' }));
    expect(t.chain()[0].data).toEqual({ to: '[redacted]', token: '[redacted]' });
  });

  it('parks a malformed event instead of retrying it', async () => {
    const t = setup();
    await expect(t.service.append({ ...evt(), at: 'yesterday' })).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(t.service.append({ ...evt(), workspaceId: '' })).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
