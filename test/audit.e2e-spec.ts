import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { AuditEventType, JobName, QueueName, type AuditEvent } from '@app/contracts';
import { GENESIS_HASH, chainHash, linkFields, type StoredLink } from '@app/database';
import { TEST_SECRETS, TestSystem, freePort, startApp, waitFor, withMongo, type RunningApp, type TestWorkspace } from '@app/testing';

const DAY_MS = 24 * 3600_000;
jest.setTimeout(120000);

interface Verdict {
  ok: boolean;
  checked: number;
  brokenAt?: number;
}

describe('audit trail: masked, idempotent, gap-free and tamper-evident, on real workers, Redis and FerretDB', () => {
  let system: TestSystem;
  let redis: IORedis;
  let queue: Queue;

  const auditEvents = (filter: Record<string, unknown> = {}) => withMongo(system.env.MONGO_URL, (db) => db.collection<StoredLink>('audit_events').find(filter).sort({ seq: 1 }).toArray());
  const countEvents = (workspaceId: string) => withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').countDocuments({ workspaceId }));
  const waitForCount = (workspaceId: string, n: number, timeoutMs = 30000) =>
    waitFor(`${n} audit events of ${workspaceId}`, async () => (await countEvents(workspaceId)) >= n, timeoutMs, 200);
  const verify = async (ws: TestWorkspace): Promise<Verdict> => {
    const res = await system.api.get('/v1/audit-events/verify', { token: ws.adminKey });
    expect(res.status).toBe(200);
    return res.body as Verdict;
  };
  /** An event as a producer would publish it, added straight to the suite's queue. */
  const event = (workspaceId: string, data: Record<string, unknown> = {}, at = new Date()): AuditEvent => ({
    id: randomUUID(),
    workspaceId,
    type: AuditEventType.SettingsChanged,
    actor: { kind: 'system', id: 'audit-e2e' },
    subject: { kind: 'workspace', id: workspaceId },
    at: at.toISOString(),
    data,
  });
  const addEvents = (events: AuditEvent[]) => queue.addBulk(events.map((data) => ({ name: JobName.AuditEvent, data, opts: { jobId: `audit-${data.id}`, attempts: 20, backoff: { type: 'exponential', delay: 200 } } })));
  /** Events the API's own flows publish for a new workspace: workspace.created and the first key. */
  const newWorkspace = async (name: string) => {
    const ws = await system.createWorkspace(name);
    await waitForCount(ws.id, 2);
    return ws;
  };

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'audit' });
    redis = new IORedis(system.env.REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.Audit, { connection: redis, prefix: system.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await system?.stop();
  });

  describe('events from the flows', () => {
    it('arrive masked: no key, token, password, phone number or email anywhere in the stored events', async () => {
      const phone = '+15551234567';
      const email = 'ops.lead@example.com';
      const ws = await system.createWorkspace(`Ops ${phone} ${email}`);
      const serviceRes = await system.api.post('/v1/api-keys', { name: `svc ${email}`, role: 'service' }, { token: ws.adminKey });
      expect(serviceRes.status).toBe(201);
      const serviceKey = serviceRes.body.key as string;
      expect((await system.api.delete(`/v1/api-keys/${serviceRes.body.id}`, { token: ws.adminKey })).status).toBe(204);
      expect((await system.api.patch('/v1/settings', { codes: { length: 8 } }, { token: ws.adminKey })).status).toBe(200);
      // A producer that forgot to mask: the worker redacts what the publisher would have.
      const careless = { ...event(ws.id, { to: phone, email, code: '493817', nested: { password: 'hunter2-e2e' }, masked: '+1•••••4567' }), type: AuditEventType.ChallengeSent };
      // Keys FerretDB refuses in documents ('.' inside, '$' in front) are stored escaped and shown as produced.
      const dotted = { ...event(ws.id, { 'codes.length': { before: 6, after: 8 }, $set: 1 }), type: AuditEventType.MemberUpdated };
      await addEvents([careless, dotted]);
      await waitForCount(ws.id, 7);
      const shown = await system.api.get(`/v1/audit-events?type=${AuditEventType.MemberUpdated}`, { token: ws.adminKey });
      expect(shown.body.items.map((e: { data: unknown }) => e.data)).toEqual([{ 'codes.length': { before: 6, after: 8 }, $set: 1 }]);

      const types = (await auditEvents({ workspaceId: ws.id })).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining([AuditEventType.WorkspaceCreated, AuditEventType.ApiKeyCreated, AuditEventType.ApiKeyRevoked, AuditEventType.SettingsChanged]));
      const stored = await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ _id: careless.id as never }));
      expect(stored?.data).toEqual({ to: '[redacted]', email: '[redacted]', code: '[redacted]', nested: { password: '[redacted]' }, masked: '+1•••••4567' });

      // Scan every stored event of this suite's database.
      const everything = JSON.stringify(await auditEvents());
      const secrets = [ws.adminKey, serviceKey, phone, phone.slice(1), email, '493817', 'hunter2-e2e', ...Object.values(TEST_SECRETS).filter((v) => v.length >= 16)];
      for (const secret of secrets) expect(everything).not.toContain(secret);
      expect(everything).not.toMatch(/\+\d{8,15}/);
      // The warning names the keys, never the values.
      const logs = await waitFor('redaction warning', async () => (/audit event held unmasked/.test(system.logs()) ? system.logs() : null));
      expect(logs).toContain('data.code');
      for (const secret of [phone, email, '493817', 'hunter2-e2e']) expect(logs).not.toContain(secret);
    });
  });

  it('stores an event delivered twice (two jobs, one event id) once', async () => {
    const ws = await newWorkspace('Twice');
    const once = event(ws.id, { n: 1 });
    await queue.add(JobName.AuditEvent, once, { jobId: `dup-a-${once.id}` });
    await queue.add(JobName.AuditEvent, once, { jobId: `dup-b-${once.id}` });
    await waitFor('both deliveries processed', async () => {
      const states = await Promise.all([`dup-a-${once.id}`, `dup-b-${once.id}`].map(async (id) => (await queue.getJob(id))?.getState()));
      return states.every((s) => s === 'completed' || s === undefined);
    });
    const rows = await auditEvents({ _id: once.id });
    expect(rows).toHaveLength(1);
    expect(await countEvents(ws.id)).toBe(3);
    expect(await verify(ws)).toEqual({ ok: true, checked: 3 });
  });

  describe('two audit workers, 1,000 events at once', () => {
    let second: RunningApp;
    afterAll(async () => {
      await second?.stop();
    });

    it('give seq 1..N without gaps or repeats, and the chain verifies', async () => {
      const port = await freePort();
      second = await startApp('audit', { ...system.env, AUDIT_PORT: String(port) }, port);
      const ws = await newWorkspace('Busy');
      const other = `ws_${randomUUID()}`;
      const before = await countEvents(ws.id);
      // Two workspaces interleaved: each chain must be gap-free on its own.
      const events = Array.from({ length: 1000 }, (_, i) => event(i % 4 === 3 ? other : ws.id, { i }));
      const started = Date.now();
      await addEvents(events);
      await waitForCount(ws.id, before + 750, 240000);
      await waitForCount(other, 250, 60000);
      const elapsed = Date.now() - started;

      for (const [workspaceId, expected] of [[ws.id, before + 750], [other, 250]] as const) {
        const rows = await auditEvents({ workspaceId });
        expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
        expect(new Set(rows.map((r) => r._id)).size).toBe(expected);
      }
      expect(await verify(ws)).toEqual({ ok: true, checked: before + 750 });
      // Both processes did part of the work.
      for (const url of [system.app('audit').url, second.url]) {
        const metrics = await (await fetch(`${url}/metrics`)).text();
        const done = Number(/jobs_completed_total\{[^}]*job_name="audit-event"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
        expect(done).toBeGreaterThan(50);
      }
      process.stdout.write(`[audit e2e] 1000 events on two workers stored in ${elapsed} ms\n`);
    }, 300000);
  });

  describe('the query API and tampering', () => {
    let ws: TestWorkspace;
    let total: number;

    beforeAll(async () => {
      ws = await newWorkspace('Pages');
      const base = Date.now() - 3600_000;
      await addEvents(Array.from({ length: 38 }, (_, i) => ({ ...event(ws.id, { i }, new Date(base + i * 60_000)), type: i % 3 === 0 ? AuditEventType.LinkViewed : AuditEventType.SettingsChanged })));
      total = 40;
      await waitForCount(ws.id, total);
    });

    it('walks all events exactly once, newest first, 7 at a time', async () => {
      const seen: { seq: number; id: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `?limit=7&cursor=${cursor}` : '?limit=7';
        const res = await system.api.get(`/v1/audit-events${q}`, { token: ws.adminKey });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.ceil(total / 7));
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => total - i));
      expect(new Set(seen.map((e) => e.id)).size).toBe(total);
      const first = (await system.api.get('/v1/audit-events?limit=1', { token: ws.adminKey })).body.items[0];
      expect(Object.keys(first).sort()).toEqual(['actor', 'at', 'data', 'id', 'seq', 'subject', 'type']);
    });

    it('filters by type (one or a list) and by time, and pages within a filter', async () => {
      const views = await system.api.get(`/v1/audit-events?type=${AuditEventType.LinkViewed}&limit=500`, { token: ws.adminKey });
      expect(views.status).toBe(200);
      expect(views.body.items).toHaveLength(13);
      expect(views.body.items.every((e: { type: string }) => e.type === AuditEventType.LinkViewed)).toBe(true);
      const both = await system.api.get(`/v1/audit-events?type=${AuditEventType.LinkViewed},${AuditEventType.WorkspaceCreated}&limit=5`, { token: ws.adminKey });
      expect(both.body.items).toHaveLength(5);
      const rest = await system.api.get(`/v1/audit-events?type=${AuditEventType.LinkViewed},${AuditEventType.WorkspaceCreated}&limit=500&cursor=${both.body.nextCursor}`, { token: ws.adminKey });
      expect(rest.body.items).toHaveLength(9);
      expect(rest.body.nextCursor).toBeNull();

      // Workers take jobs in parallel, so time order and seq order differ: the window is a time range.
      const rows = await auditEvents({ workspaceId: ws.id });
      const times = rows.map((r) => new Date(r.at).getTime()).sort((a, b) => a - b);
      const [from, to] = [new Date(times[10]), new Date(times[25])];
      const expected = rows.filter((r) => new Date(r.at) >= from && new Date(r.at) <= to).map((r) => r.seq).reverse();
      expect(expected.length).toBeGreaterThanOrEqual(16);
      const window = await system.api.get(`/v1/audit-events?from=${from.toISOString()}&to=${to.toISOString()}&limit=500`, { token: ws.adminKey });
      expect(window.status).toBe(200);
      expect(window.body.items.map((e: { seq: number }) => e.seq)).toEqual(expected);
      const since = await system.api.get(`/v1/audit-events?from=${from.toISOString()}&limit=500`, { token: ws.adminKey });
      expect(since.body.items).toHaveLength(rows.filter((r) => new Date(r.at) >= from).length);
    });

    it('refuses bad query parameters with 400 and a stable code', async () => {
      const cases: [string, string][] = [
        ['?from=yesterday', 'validation_failed'],
        ['?to=2026-13-45T00:00:00Z', 'validation_failed'],
        ['?limit=501', 'validation_failed'],
        ['?limit=0', 'validation_failed'],
        ['?limit=ten', 'validation_failed'],
        ['?type=DROP%20TABLE', 'validation_failed'],
        ['?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'validation_failed'],
        ['?color=blue', 'validation_failed'],
        [`?cursor=${Buffer.from('-1').toString('base64url')}`, 'invalid_cursor'],
        [`?cursor=${Buffer.from('{"$gt":0}').toString('base64url')}`, 'invalid_cursor'],
        ['?cursor=NDA!', 'invalid_cursor'],
      ];
      for (const [q, code] of cases) {
        const res = await system.api.get(`/v1/audit-events${q}`, { token: ws.adminKey });
        expect({ q, status: res.status, error: res.body.error }).toEqual({ q, status: 400, error: code });
      }
    });

    it('is for admin keys of the workspace only', async () => {
      const service = await system.createApiKey(ws, 'service');
      expect((await system.api.get('/v1/audit-events', { token: service })).status).toBe(403);
      expect((await system.api.get('/v1/audit-events/verify', { token: service })).status).toBe(403);
      expect((await system.api.get('/v1/audit-events')).status).toBe(401);
      // Another workspace sees only its own chain.
      const stranger = await newWorkspace('Stranger');
      const theirs = await system.api.get('/v1/audit-events?limit=500', { token: stranger.adminKey });
      expect(theirs.body.items.every((e: { subject: { id: string } }) => e.subject.id !== ws.id)).toBe(true);
      total = await countEvents(ws.id);
    });

    it('names the seq of an event edited in MongoDB, and of one deleted', async () => {
      const before = await verify(ws);
      expect(before).toEqual({ ok: true, checked: total });
      const target = (await auditEvents({ workspaceId: ws.id, seq: 17 }))[0];
      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').updateOne({ _id: target._id as never }, { $set: { 'data.i': 999 } }));
      const edited = await verify(ws);
      expect(edited).toEqual({ ok: false, checked: 17, brokenAt: 17 });
      process.stdout.write(`[audit e2e] verify before tampering: ${JSON.stringify(before)}; after editing seq 17: ${JSON.stringify(edited)}\n`);

      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').replaceOne({ _id: target._id as never }, target));
      expect(await verify(ws)).toEqual({ ok: true, checked: total });

      const victim = (await auditEvents({ workspaceId: ws.id, seq: 29 }))[0];
      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').deleteOne({ _id: victim._id as never }));
      const deleted = await verify(ws);
      expect(deleted).toEqual({ ok: false, checked: 29, brokenAt: 29 });
      process.stdout.write(`[audit e2e] after deleting seq 29: ${JSON.stringify(deleted)}\n`);

      await withMongo(system.env.MONGO_URL, (db) => db.collection<StoredLink>('audit_events').insertOne(victim));
      expect(await verify(ws)).toEqual({ ok: true, checked: total });

      // Deleting the newest events leaves no gap, but the chain no longer reaches its head.
      const newest = (await auditEvents({ workspaceId: ws.id })).slice(-2);
      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').deleteMany({ _id: { $in: newest.map((l) => l._id) } as never }));
      expect(await verify(ws)).toEqual({ ok: false, checked: total - 2, brokenAt: total - 1 });
      await withMongo(system.env.MONGO_URL, (db) => db.collection<StoredLink>('audit_events').insertMany(newest));
      expect(await verify(ws)).toEqual({ ok: true, checked: total });
    });
  });

  describe('retention', () => {
    const runPurge = async () => {
      const job = await queue.add(JobName.AuditPurge, {}, { jobId: `purge-${randomUUID()}` });
      return waitFor('purge job completed', async () => ((await job.getState()) === 'completed' ? ((await queue.getJob(job.id!))?.returnvalue ?? {}) : null), 30000, 200);
    };

    it('schedules the hourly purge at start', async () => {
      const schedulers = await waitFor('audit-purge scheduler', async () => {
        const all = await queue.getJobSchedulers();
        return all.find((s) => s.key === 'audit-purge' || s.id === 'audit-purge');
      });
      expect(schedulers).toMatchObject({ name: JobName.AuditPurge, every: 3600_000 });
    });

    it('purges events past the retention, keeps the chain verifiable from the anchor, and appends continue it', async () => {
      const ws = await newWorkspace('Retained');
      // The chain's start must be old for a prefix to be purgeable: re-chain the two flow events 400 days back.
      await rechainInThePast(ws.id, 400);
      const old = Date.now() - 380 * DAY_MS;
      await addEvents(Array.from({ length: 10 }, (_, i) => event(ws.id, { old: i }, new Date(old + i * 1000))));
      await waitForCount(ws.id, 12);
      await addEvents(Array.from({ length: 5 }, (_, i) => event(ws.id, { fresh: i })));
      await waitForCount(ws.id, 17);
      const before = await auditEvents({ workspaceId: ws.id });
      expect(await verify(ws)).toEqual({ ok: true, checked: 17 });

      const result = await runPurge();
      expect(result.purged).toBeGreaterThanOrEqual(12);
      const kept = await auditEvents({ workspaceId: ws.id });
      expect(kept.map((e) => e.seq)).toEqual([13, 14, 15, 16, 17]);
      const anchor = await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_anchors').findOne({ workspaceId: ws.id }));
      expect(anchor).toMatchObject({ seq: 12, hash: before[11].hash });
      expect(await verify(ws)).toEqual({ ok: true, checked: 5 });

      // The anchor is what verify starts from: a wrong anchor hash breaks the first kept link.
      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_anchors').updateOne({ workspaceId: ws.id }, { $set: { hash: 'f'.repeat(64) } }));
      expect(await verify(ws)).toEqual({ ok: false, checked: 1, brokenAt: 13 });
      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_anchors').updateOne({ workspaceId: ws.id }, { $set: { hash: anchor!.hash } }));

      expect((await system.api.patch('/v1/settings', { codes: { length: 7 } }, { token: ws.adminKey })).status).toBe(200);
      await waitForCount(ws.id, 6);
      expect((await auditEvents({ workspaceId: ws.id })).map((e) => e.seq)).toEqual([13, 14, 15, 16, 17, 18]);
      expect(await verify(ws)).toEqual({ ok: true, checked: 6 });
    });

    it('continues from the anchor when every event of a workspace was purged', async () => {
      const ws = await newWorkspace('Emptied');
      await rechainInThePast(ws.id, 500);
      const last = (await auditEvents({ workspaceId: ws.id })).at(-1)!;
      await runPurge();
      expect(await countEvents(ws.id)).toBe(0);
      expect(await verify(ws)).toEqual({ ok: true, checked: 0 });

      expect((await system.api.patch('/v1/settings', { codes: { length: 9 } }, { token: ws.adminKey })).status).toBe(200);
      await waitForCount(ws.id, 1);
      const [next] = await auditEvents({ workspaceId: ws.id });
      expect(next).toMatchObject({ seq: last.seq + 1, prevHash: last.hash });
      expect(await verify(ws)).toEqual({ ok: true, checked: 1 });
    });

    it('does not purge past a tampered link', async () => {
      const ws = await newWorkspace('Tampered old');
      await rechainInThePast(ws.id, 450);
      const target = (await auditEvents({ workspaceId: ws.id, seq: 2 }))[0];
      await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').updateOne({ _id: target._id as never }, { $set: { 'data.role': 'service' } }));
      await runPurge();
      expect((await auditEvents({ workspaceId: ws.id })).map((e) => e.seq)).toEqual([2]);
      expect(await verify(ws)).toMatchObject({ ok: false, brokenAt: 2 });
      expect(system.logs()).toMatch(/audit chain does not verify: not purging past the break/);
    });
  });

  it('describes both routes in the OpenAPI document', async () => {
    const doc = (await system.api.get('/docs-json')).body as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    expect(doc.paths['/v1/audit-events/verify']?.get).toBeDefined();
    expect((doc.paths['/v1/audit-events']?.get?.parameters ?? []).map((p) => p.name).sort()).toEqual(['cursor', 'from', 'limit', 'to', 'type']);
  });

  describe('health', () => {
    it('reports the audit backlog in a log line and as a gauge', async () => {
      await waitFor('backlog log line', async () => /audit queue backlog/.test(system.app('audit').output()));
      const line = system.app('audit').output().split('\n').find((l) => l.includes('audit queue backlog'))!;
      expect(line).toMatch(/"waiting":\d+/);
      expect(line).toMatch(/"failed":\d+/);
      const metrics = await (await fetch(`${system.app('audit').url}/metrics`)).text();
      expect(metrics).toMatch(/queue_jobs\{[^}]*queue="audit"[^}]*state="waiting"[^}]*\} \d+/);
    });
  });

  /** Rewrites a workspace's stored chain as if every event had happened `daysAgo` days back (hashes recomputed). */
  async function rechainInThePast(workspaceId: string, daysAgo: number): Promise<void> {
    await withMongo(system.env.MONGO_URL, async (db) => {
      const col = db.collection<StoredLink>('audit_events');
      let prevHash = GENESIS_HASH;
      for (const link of await col.find({ workspaceId }).sort({ seq: 1 }).toArray()) {
        const at = new Date(Date.now() - daysAgo * DAY_MS + link.seq * 1000);
        const moved = { ...link, at, prevHash };
        const hash = chainHash(prevHash, linkFields(moved));
        await col.updateOne({ _id: link._id }, { $set: { at, prevHash, hash } });
        prevHash = hash;
      }
      // The head mirrors the newest link; the rewritten chain ends in a new hash.
      const last = await col.find({ workspaceId }).sort({ seq: -1 }).limit(1).next();
      if (last) await db.collection('audit_heads').updateOne({ workspaceId }, { $set: { hash: prevHash, seq: last.seq } });
    });
  }
});
