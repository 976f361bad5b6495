import { AuditEventType } from '@app/contracts';
import { TestSystem, freePort, startApp, waitFor, withMongo, type RunningApp, type TestWorkspace } from '@app/testing';
import { HttpClient } from '@app/testing';
import { createHash } from 'node:crypto';

// Real processes, scrypt and the audit worker: well beyond jest's 5 s default.
jest.setTimeout(60_000);

const DEFAULTS = {
  authentication: { codeRequired: false, channels: ['sms', 'email'] },
  sessionSharing: { requireAuthentication: false, notifySharerOnView: false },
  shareLinks: { allowedTypes: ['private', 'public', 'public_2fa'], defaultExpiryHours: 168 },
  codes: { length: 6, ttlSeconds: 600, maxAttempts: 5, resendCooldownSeconds: 30, maxSendsPerDestinationPerHour: 5 },
  sms: { allowedCountries: [] },
};

describe('workspaces, API keys and tenant isolation', () => {
  let system: TestSystem;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let serviceKeyA: string;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'wskeys' });
    a = await system.createWorkspace('A');
    b = await system.createWorkspace('B');
    serviceKeyA = await system.createApiKey(a, 'service');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('creates a workspace only with the operator token, with a first admin key shown once and stored as SHA-256', async () => {
    const res = await system.api.post('/v1/workspaces', { name: 'C' }, { token: system.operatorToken });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^ws_/), name: 'C', apiKey: { role: 'admin', key: expect.stringMatching(/^mfa_live_[A-Za-z0-9_-]{43}$/) } });
    const stored = await withMongo(system.env.MONGO_URL, (db) => db.collection('api_keys').findOne({ _id: res.body.apiKey.id as never }));
    expect(stored!.keyHash).toBe(createHash('sha256').update(res.body.apiKey.key).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(res.body.apiKey.key);

    for (const token of [a.adminKey, serviceKeyA, undefined, 'wrong']) {
      const denied = await system.api.post('/v1/workspaces', { name: 'D' }, { token });
      expect(denied.status).toBe(401);
      expect(denied.body.error).toBe('unauthorized');
    }
  });

  it('lists keys without secrets', async () => {
    const res = await system.api.get('/v1/api-keys', { token: a.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.map((k: { role: string }) => k.role).sort()).toEqual(['admin', 'service']);
    for (const k of res.body) {
      expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'revokedAt', 'role']);
    }
    expect(JSON.stringify(res.body)).not.toContain(serviceKeyA);
  });

  it('answers 403 forbidden to a service key on every admin endpoint', async () => {
    const memberId = 'mem_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d';
    const keyId = 'key_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d';
    const calls = [
      () => system.api.get('/v1/settings', { token: serviceKeyA }),
      () => system.api.patch('/v1/settings', { codes: { length: 8 } }, { token: serviceKeyA }),
      () => system.api.get('/v1/api-keys', { token: serviceKeyA }),
      () => system.api.post('/v1/api-keys', { name: 'x', role: 'admin' }, { token: serviceKeyA }),
      () => system.api.delete(`/v1/api-keys/${keyId}`, { token: serviceKeyA }),
      () => system.api.get('/v1/members', { token: serviceKeyA }),
      () => system.api.post('/v1/members', { username: 'x', password: 'a long enough password' }, { token: serviceKeyA }),
      () => system.api.get(`/v1/members/${memberId}`, { token: serviceKeyA }),
      () => system.api.patch(`/v1/members/${memberId}`, { displayName: 'x' }, { token: serviceKeyA }),
      () => system.api.delete(`/v1/members/${memberId}`, { token: serviceKeyA }),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'forbidden' });
    }
    const settings = await system.api.get('/v1/settings', { token: a.adminKey });
    expect(settings.body.codes.length).toBe(6);
    const members = await system.api.get('/v1/members', { token: a.adminKey });
    expect(members.body.items).toEqual([]);
  });

  it("answers 404 to another workspace's ids on every endpoint that takes one", async () => {
    const member = await system.api.post('/v1/members', { username: 'alice', password: 'correct horse battery', phone: '+14155550101', email: 'alice@example.com' }, { token: a.adminKey });
    expect(member.status).toBe(201);
    const keys = await system.api.get('/v1/api-keys', { token: a.adminKey });
    const keyIdA = keys.body[0].id as string;
    const challenge = await system.api.post('/v1/challenges', { channel: 'email', to: 'someone@example.com' }, { token: a.adminKey });
    expect(challenge.status).toBe(201);
    const chl = challenge.body.id as string;

    const crossCalls: [string, () => Promise<{ status: number; body: any }>][] = [
      ['GET member', () => system.api.get(`/v1/members/${member.body.id}`, { token: b.adminKey })],
      ['PATCH member', () => system.api.patch(`/v1/members/${member.body.id}`, { displayName: 'Mallory' }, { token: b.adminKey })],
      ['DELETE member', () => system.api.delete(`/v1/members/${member.body.id}`, { token: b.adminKey })],
      ['DELETE api key', () => system.api.delete(`/v1/api-keys/${keyIdA}`, { token: b.adminKey })],
      ['GET challenge', () => system.api.get(`/v1/challenges/${chl}`, { token: b.adminKey })],
      ['verify challenge', () => system.api.post(`/v1/challenges/${chl}/verify`, { code: '123456' }, { token: b.adminKey })],
      ['resend challenge', () => system.api.post(`/v1/challenges/${chl}/resend`, {}, { token: b.adminKey })],
      ['cancel challenge', () => system.api.post(`/v1/challenges/${chl}/cancel`, {}, { token: b.adminKey })],
      ['login verify', () => system.api.post('/v1/auth/login/verify', { challengeId: chl, code: '123456' }, { token: b.adminKey })],
    ];
    for (const [what, call] of crossCalls) {
      const res = await call();
      expect({ what, status: res.status }).toEqual({ what, status: 404 });
      expect(res.body.error).toMatch(/_not_found$/);
    }
    // Nothing changed in A: the member, the key and the challenge are as they were.
    const stillThere = await system.api.get(`/v1/members/${member.body.id}`, { token: a.adminKey });
    expect(stillThere.body.displayName).toBeNull();
    expect((await system.api.get('/v1/api-keys', { token: a.adminKey })).body[0].revokedAt).toBeNull();
    const chlA = await system.api.get(`/v1/challenges/${chl}`, { token: a.adminKey });
    expect(chlA.body).toMatchObject({ status: 'pending', attemptsRemaining: 5 });
    // B's lists and log-ins do not see A's members.
    expect((await system.api.get('/v1/members', { token: b.adminKey })).body.items).toEqual([]);
    const login = await system.api.post('/v1/auth/login', { username: 'alice', password: 'correct horse battery' }, { token: b.adminKey });
    expect(login.status).toBe(401);
    expect(login.body.error).toBe('invalid_credentials');
  });

  it('stops a revoked key at once', async () => {
    const created = await system.api.post('/v1/api-keys', { name: 'short-lived', role: 'admin' }, { token: a.adminKey });
    expect(created.status).toBe(201);
    expect((await system.api.get('/v1/settings', { token: created.body.key })).status).toBe(200);
    const revoked = await system.api.delete(`/v1/api-keys/${created.body.id}`, { token: a.adminKey });
    expect(revoked.status).toBe(204);
    const after = await system.api.get('/v1/settings', { token: created.body.key });
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('unauthorized');
    const again = await system.api.delete(`/v1/api-keys/${created.body.id}`, { token: a.adminKey });
    expect(again.status).toBe(404);
    const audit = await waitFor('api_key.revoked', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: a.id, type: AuditEventType.ApiKeyRevoked, 'subject.id': created.body.id })),
    );
    expect(audit.actor).toEqual({ kind: 'api_key', id: expect.stringMatching(/^key_/) });
  });

  it('answers 400 validation_failed for ids it never issued', async () => {
    const res = await system.api.get('/v1/members/not-an-id', { token: a.adminKey });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'id', problems: [expect.any(String)] }] });
  });
});

describe('settings', () => {
  let system: TestSystem;
  let ws: TestWorkspace;
  let secondApi: RunningApp | undefined;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'settings' });
    ws = await system.createWorkspace('Settings');
  });
  afterAll(async () => {
    await secondApi?.stop();
    await system?.stop();
  });

  it('starts a new workspace on the secure defaults', async () => {
    const res = await system.api.get('/v1/settings', { token: ws.adminKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULTS);
  });

  it('merges a partial PATCH, keeps everything else, and records one audit event with the diff', async () => {
    const res = await system.api.patch('/v1/settings', { authentication: { codeRequired: true }, codes: { length: 8 } }, { token: ws.adminKey });
    expect(res.status).toBe(200);
    const expected = { ...DEFAULTS, authentication: { codeRequired: true, channels: ['sms', 'email'] }, codes: { ...DEFAULTS.codes, length: 8 } };
    expect(res.body).toEqual(expected);
    expect((await system.api.get('/v1/settings', { token: ws.adminKey })).body).toEqual(expected);

    const event = await waitFor('settings.changed', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.SettingsChanged })),
    );
    expect(event.data).toEqual({
      changes: [
        { field: 'authentication.codeRequired', before: false, after: true },
        { field: 'codes.length', before: 6, after: 8 },
      ],
    });
    expect(event.actor).toEqual({ kind: 'api_key', id: expect.stringMatching(/^key_/) });
    // A PATCH that changes nothing records nothing.
    await system.api.patch('/v1/settings', { codes: { length: 8 } }, { token: ws.adminKey });
    await system.api.patch('/v1/settings', { sms: { allowedCountries: ['US', 'GB'] } }, { token: ws.adminKey });
    const events = await waitFor('second settings.changed', async () => {
      const found = await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').find({ workspaceId: ws.id, type: AuditEventType.SettingsChanged }).sort({ seq: 1 }).toArray());
      return found.length >= 2 ? found : null;
    });
    expect(events).toHaveLength(2);
    expect(events[1].data).toEqual({ changes: [{ field: 'sms.allowedCountries', before: [], after: ['US', 'GB'] }] });
  });

  it.each([
    [{ codes: { length: 3 } }, 'codes.length'],
    [{ codes: { length: 11 } }, 'codes.length'],
    [{ codes: { length: 6.5 } }, 'codes.length'],
    [{ codes: { length: '6' } }, 'codes.length'],
    [{ codes: { ttlSeconds: 59 } }, 'codes.ttlSeconds'],
    [{ codes: { ttlSeconds: 601 } }, 'codes.ttlSeconds'],
    [{ codes: { maxAttempts: 0 } }, 'codes.maxAttempts'],
    [{ codes: { maxAttempts: 11 } }, 'codes.maxAttempts'],
    [{ authentication: { channels: ['fax'] } }, 'authentication.channels.0'],
    [{ authentication: { channels: [] } }, 'authentication.channels'],
    [{ authentication: { codeRequired: 'yes' } }, 'authentication.codeRequired'],
    [{ sms: { allowedCountries: ['XX'] } }, 'sms.allowedCountries.0'],
    [{ shareLinks: { allowedTypes: ['secret'] } }, 'shareLinks.allowedTypes.0'],
    [{ codes: { lenght: 6 } }, 'codes.lenght'],
    [{ nonsense: true }, 'nonsense'],
    [{ codes: null }, 'codes'],
  ])('refuses %j with 400 naming %s and changes nothing', async (patch, field) => {
    const before = (await system.api.get('/v1/settings', { token: ws.adminKey })).body;
    const res = await system.api.patch('/v1/settings', patch, { token: ws.adminKey });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await system.api.get('/v1/settings', { token: ws.adminKey })).body).toEqual(before);
  });

  it('refuses a body that is not an object', async () => {
    const res = await system.api.patch('/v1/settings', [1, 2], { token: ws.adminKey });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
  });

  it('shows a change on every API copy at once (Redis-published cache drop, not the 5 s cache expiry)', async () => {
    const port = await freePort();
    secondApi = await startApp('api', { ...system.env, API_PORT: String(port) }, port);
    const other = new HttpClient(secondApi.url);
    // Warm the second copy's cache.
    expect((await other.get('/v1/settings', { token: ws.adminKey })).body.codes.maxAttempts).toBe(5);
    const patched = await system.api.patch('/v1/settings', { codes: { maxAttempts: 3 } }, { token: ws.adminKey });
    expect(patched.status).toBe(200);
    const seen = await waitFor('second API copy sees the change', async () => {
      const res = await other.get('/v1/settings', { token: ws.adminKey });
      return res.body.codes.maxAttempts === 3 ? Date.now() : null;
    }, 4000, 50);
    expect(seen).toBeGreaterThan(0);
  });
});
