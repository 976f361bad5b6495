import { GENESIS, GENESIS_HASH, canonicalJson, chainHash, linkFields, verifyChain, type ChainPoint, type StoredLink } from './audit-chain';
import { fromStoredData, toStoredData } from './audit-event.schema';

function buildChain(n: number, start: ChainPoint = GENESIS, workspaceId = 'ws_1'): StoredLink[] {
  const links: StoredLink[] = [];
  let prev = start;
  for (let i = 1; i <= n; i++) {
    const base = {
      _id: `evt-${start.seq + i}`,
      workspaceId,
      seq: start.seq + i,
      type: 'settings.changed',
      actor: { kind: 'api_key', id: 'key_1' },
      subject: { kind: 'workspace', id: workspaceId },
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      data: i % 2 ? { changes: { 'codes.length': { before: 6, after: 8 } } } : {},
      prevHash: prev.hash,
    };
    const link = { ...base, hash: chainHash(prev.hash, linkFields(base)) };
    links.push(link);
    prev = { seq: link.seq, hash: link.hash };
  }
  return links;
}

async function* stream(links: StoredLink[]): AsyncGenerator<StoredLink> {
  yield* links;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain from the genesis and counts every link', async () => {
    expect(await verifyChain(GENESIS, stream(buildChain(25)))).toEqual({ ok: true, checked: 25 });
    expect(GENESIS.hash).toBe(GENESIS_HASH);
  });

  it('accepts an empty chain', async () => {
    expect(await verifyChain(GENESIS, [])).toEqual({ ok: true, checked: 0 });
  });

  it('names the seq of an event whose data was modified', async () => {
    const links = buildChain(10);
    links[6] = { ...links[6], data: { changes: 'edited' } };
    expect(await verifyChain(GENESIS, links)).toEqual({ ok: false, checked: 7, brokenAt: 7 });
  });

  it('names the seq of a modified type, actor or time as well', async () => {
    for (const change of [{ type: 'login.succeeded' }, { actor: { kind: 'system', id: 'x' } }, { at: new Date(0) }]) {
      const links = buildChain(5);
      links[2] = { ...links[2], ...change };
      expect((await verifyChain(GENESIS, links)).brokenAt).toBe(3);
    }
  });

  it('names the missing seq when an event was deleted', async () => {
    const links = buildChain(10);
    links.splice(3, 1);
    expect(await verifyChain(GENESIS, links)).toEqual({ ok: false, checked: 4, brokenAt: 4 });
  });

  it('catches a deletion that renumbered the rest (the next prevHash no longer links)', async () => {
    const links = buildChain(10);
    links.splice(3, 1);
    const renumbered = links.map((l, i) => ({ ...l, seq: i + 1 }));
    // Re-hash each renumbered link over its own old prevHash: only the link after the hole stays wrong.
    for (const l of renumbered) l.hash = chainHash(l.prevHash, linkFields(l));
    expect((await verifyChain(GENESIS, renumbered)).brokenAt).toBe(4);
  });

  it('catches a rewritten event whose hash was recomputed, at the following link', async () => {
    const links = buildChain(6);
    const forged = { ...links[1], data: { forged: true } };
    forged.hash = chainHash(forged.prevHash, linkFields(forged));
    links[1] = forged;
    expect(await verifyChain(GENESIS, links)).toEqual({ ok: false, checked: 3, brokenAt: 3 });
  });

  it('verifies from a purge anchor: seq continues and the first prevHash must equal the anchor hash', async () => {
    const all = buildChain(30);
    const anchor = { seq: all[19].seq, hash: all[19].hash };
    expect(await verifyChain(anchor, all.slice(20))).toEqual({ ok: true, checked: 10 });
    expect(await verifyChain({ seq: 20, hash: 'f'.repeat(64) }, all.slice(20))).toEqual({ ok: false, checked: 1, brokenAt: 21 });
    expect(await verifyChain(GENESIS, all.slice(20))).toEqual({ ok: false, checked: 1, brokenAt: 1 });
  });

  it('hashes an empty data object and a missing one alike, and a null request id like none', async () => {
    const links = buildChain(2);
    const stripped = links.map((l) => (Object.keys(l.data as object).length ? l : { ...l, data: undefined, requestId: null }));
    expect(await verifyChain(GENESIS, stripped)).toEqual({ ok: true, checked: 2 });
  });
});

describe('stored data keys', () => {
  it("escapes '.' and a leading '$' for storage and restores them for reading", () => {
    const data = { changes: { 'codes.length': { before: 6, after: 8 } }, $where: 1, list: [{ 'a.b': 'x.y' }], plain: 'v' };
    const stored = toStoredData(data);
    expect(JSON.stringify(stored)).not.toMatch(/"[^"]*\.[^"]*":|"\$/);
    expect(stored.plain).toBe('v');
    expect((stored.list as Record<string, string>[])[0]['a\uFF0Eb']).toBe('x.y');
    expect(fromStoredData(stored)).toEqual(data);
  });
});
