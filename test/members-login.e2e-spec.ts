import { AuditEventType } from '@app/contracts';
import { TestSystem, dumpCollections, editChallengeWhenSent, waitFor, withMongo, type TestWorkspace } from '@app/testing';

// Real processes, scrypt and the audit worker: well beyond jest's 5 s default.
jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';

function claimsOf(token: string): { sub: string; ws: string; amr: string[]; aud: string; exp: number; iat: number } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** Each member gets its own phone and email so per-destination send limits of one test never touch another. */
let seq = 0;
const handedOut: string[] = [];
function contact() {
  seq += 1;
  const n = String(100 + seq).padStart(4, '0');
  handedOut.push(`+1415555${n}`, `415555${n}`, `member${seq}@example.com`);
  return { phone: `+1415555${n}`, email: `member${seq}@example.com` };
}

describe('members', () => {
  let system: TestSystem;
  let ws: TestWorkspace;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'members' });
    ws = await system.createWorkspace('Members');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('creates a member: no password in the answer, destinations normalised and masked, audit with masked data', async () => {
    const res = await system.api.post(
      '/v1/members',
      { username: 'Jane.Doe', password: PASSWORD, phone: '(415) 555-0123', country: 'US', email: ' Jane@Example.com ', displayName: 'Jane Doe' },
      { token: ws.adminKey },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^mem_/),
      username: 'Jane.Doe',
      displayName: 'Jane Doe',
      phone: '+1••••••0123',
      email: 'j•••@example.com',
      preferredChannel: 'sms',
      channels: ['sms', 'email'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const event = await waitFor('member.created', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.MemberCreated })),
    );
    expect(event.data).toEqual({ username: 'Jane.Doe', phone: '+1••••••0123', email: 'j•••@example.com', preferredChannel: 'sms' });
  });

  it('keeps usernames unique per workspace, case-insensitively', async () => {
    const dup = await system.api.post('/v1/members', { username: 'JANE.DOE', password: PASSWORD }, { token: ws.adminKey });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ statusCode: 409, error: 'username_taken' });
    const other = await system.createWorkspace('Other');
    const elsewhere = await system.api.post('/v1/members', { username: 'jane.doe', password: PASSWORD }, { token: other.adminKey });
    expect(elsewhere.status).toBe(201);
  });

  it.each([
    [{ username: 'short.pw', password: 'elevenchars' }, 'password'],
    [{ username: 'bad phone', password: PASSWORD }, 'username'],
    [{ username: 'badphone', password: PASSWORD, phone: '12345' }, 'phone'],
    [{ username: 'badphone2', password: PASSWORD, phone: '415 555 0123' }, 'phone'],
    [{ username: 'bademail', password: PASSWORD, email: 'not-an-email' }, 'email'],
    [{ username: 'nochannel', password: PASSWORD, email: 'x@example.com', preferredChannel: 'sms' }, 'preferredChannel'],
    [{ username: 'extra', password: PASSWORD, passwordHash: 'x' }, 'passwordHash'],
  ])('refuses %j with 400 naming %s and stores nothing', async (body, field) => {
    const res = await system.api.post('/v1/members', body, { token: ws.adminKey });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const count = await withMongo(system.env.MONGO_URL, (db) => db.collection('members').countDocuments({ workspaceId: ws.id, usernameLower: String((body as { username: string }).username).toLowerCase() }));
    expect(count).toBe(0);
  });

  it('lists members alphabetically, page by page', async () => {
    for (const username of ['carol', 'bob', 'dave']) {
      expect((await system.api.post('/v1/members', { username, password: PASSWORD }, { token: ws.adminKey })).status).toBe(201);
    }
    const first = await system.api.get('/v1/members?limit=2', { token: ws.adminKey });
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { username: string }) => m.username)).toEqual(['bob', 'carol']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await system.api.get(`/v1/members?limit=2&cursor=${first.body.nextCursor}`, { token: ws.adminKey });
    expect(second.body.items.map((m: { username: string }) => m.username)).toEqual(['dave', 'Jane.Doe']);
    expect(second.body.nextCursor).toBeNull();
    expect(JSON.stringify([first.body, second.body])).not.toMatch(/password|scrypt/i);
    expect((await system.api.get('/v1/members?limit=201', { token: ws.adminKey })).status).toBe(400);
  });

  it('updates a member: removing the preferred channel moves it, the audit names the fields only', async () => {
    const { phone, email } = contact();
    const created = await system.api.post('/v1/members', { username: 'erin', password: PASSWORD, phone, email }, { token: ws.adminKey });
    expect(created.body.preferredChannel).toBe('sms');
    const res = await system.api.patch(`/v1/members/${created.body.id}`, { phone: null, displayName: 'Erin', password: 'another long password' }, { token: ws.adminKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phone: null, email: 'm•••@example.com', preferredChannel: 'email', channels: ['email'], displayName: 'Erin' });
    const refused = await system.api.patch(`/v1/members/${created.body.id}`, { preferredChannel: 'sms' }, { token: ws.adminKey });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('preferredChannel');
    const taken = await system.api.patch(`/v1/members/${created.body.id}`, { username: 'BOB' }, { token: ws.adminKey });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('username_taken');
    const event = await waitFor('member.updated', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.MemberUpdated, 'subject.id': created.body.id })),
    );
    expect(event.data).toEqual({ changed: ['displayName', 'password', 'phone', 'preferredChannel'] });
    // The new password is the one that works.
    const login = await system.api.post('/v1/auth/login', { username: 'erin', password: 'another long password' }, { token: ws.adminKey });
    expect(login.status).toBe(200);
  });

  it('deletes a member: 204, then 404, and an audit event', async () => {
    const created = await system.api.post('/v1/members', { username: 'frank', password: PASSWORD }, { token: ws.adminKey });
    expect((await system.api.delete(`/v1/members/${created.body.id}`, { token: ws.adminKey })).status).toBe(204);
    const gone = await system.api.get(`/v1/members/${created.body.id}`, { token: ws.adminKey });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe('member_not_found');
    expect((await system.api.delete(`/v1/members/${created.body.id}`, { token: ws.adminKey })).status).toBe(404);
    await waitFor('member.deleted', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.MemberDeleted, 'subject.id': created.body.id })),
    );
  });

  it('holds no password, phone or email in plaintext anywhere in MongoDB or the logs', async () => {
    const dump = JSON.stringify(await dumpCollections(system.env.MONGO_URL));
    expect(handedOut.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, 'another long password', '+14155550123', '4155550123', '555-0123', 'jane@example.com', 'Jane@Example.com', ...handedOut]) {
      expect(dump).not.toContain(secret);
    }
    // Nor in the apps' logs (request bodies carry them).
    const logs = system.logs();
    for (const secret of [PASSWORD, 'another long password', '+14155550123', 'jane@example.com', ...handedOut]) expect(logs).not.toContain(secret);
    const stored = await withMongo(system.env.MONGO_URL, (db) => db.collection('members').findOne({ workspaceId: ws.id, usernameLower: 'jane.doe' }));
    expect(stored!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored!.phoneSealed).toMatch(/^v1\./);
    expect(stored!.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.emailSealed).toMatch(/^v1\./);
  });
});

describe('login', () => {
  let system: TestSystem;
  let ws: TestWorkspace;
  let serviceKey: string;

  async function member(username: string, extra: Record<string, unknown> = {}) {
    const res = await system.api.post('/v1/members', { username, password: PASSWORD, ...contact(), ...extra }, { token: ws.adminKey });
    expect(res.status).toBe(201);
    return res.body as { id: string; username: string };
  }
  async function setCodeRequired(on: boolean) {
    const res = await system.api.patch('/v1/settings', { authentication: { codeRequired: on } }, { token: ws.adminKey });
    expect(res.status).toBe(200);
  }
  const login = (body: Record<string, unknown>, token = serviceKey) => system.api.post('/v1/auth/login', body, { token });
  const verify = (challengeId: string, code: string, token = serviceKey) => system.api.post('/v1/auth/login/verify', { challengeId, code }, { token });

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'login' });
    ws = await system.createWorkspace('Login');
    serviceKey = await system.createApiKey(ws, 'service');
    // Many logins go to the same destinations here; the per-destination send limit has its own tests.
    await system.api.patch('/v1/settings', { codes: { maxSendsPerDestinationPerHour: 100 } }, { token: ws.adminKey });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('with "2FA Code Required" off: an access token with amr pwd, and /v1/auth/me answers the member', async () => {
    const m = await member('gina');
    const res = await login({ username: 'GINA', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'authenticated', accessToken: expect.any(String), expiresIn: 900 });
    const claims = claimsOf(res.body.accessToken);
    expect(claims).toMatchObject({ sub: m.id, ws: ws.id, amr: ['pwd'], aud: 'mfa:member' });
    expect(claims.exp - claims.iat).toBe(900);
    const me = await system.api.get('/v1/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: m.id, username: 'gina', phone: expect.stringMatching(/^\+1•+\d{4}$/) });
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt|password/i);
    // An API key is not a member token, and a member token is not an API key.
    expect((await system.api.get('/v1/auth/me', { token: serviceKey })).status).toBe(401);
    expect((await system.api.get('/v1/settings', { token: res.body.accessToken })).status).toBe(401);
    const ok = await waitFor('login.succeeded', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.LoginSucceeded, 'subject.id': m.id })),
    );
    expect(ok.data).toEqual({ amr: ['pwd'] });
  });

  it('answers an unknown user and a wrong password alike, in status, body and about the same time', async () => {
    const m = await member('hank');
    const time = async (body: Record<string, unknown>) => {
      const started = process.hrtime.bigint();
      const res = await login(body);
      return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    let bodies: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const u = await time({ username: `nobody${i}`, password: 'wrong password here' });
      const w = await time({ username: 'hank', password: `wrong password ${i}` });
      expect(u.res.status).toBe(401);
      expect(w.res.status).toBe(401);
      bodies = [u.res.body, w.res.body];
      expect(u.res.body).toEqual(w.res.body);
      unknown.push(u.ms);
      wrong.push(w.ms);
    }
    expect(bodies[0]).toEqual({ statusCode: 401, error: 'invalid_credentials', message: expect.any(String) });
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1];
    // Without the dummy hash an unknown user answers in a few ms against ~100 ms of scrypt.
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.4);
    expect(median(unknown) / median(wrong)).toBeLessThan(2.5);
    // The audit log may tell the reasons apart; the caller may not.
    const failures = await waitFor('login.failed events', async () => {
      const found = await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').find({ workspaceId: ws.id, type: AuditEventType.LoginFailed }).toArray());
      return found.length >= 6 ? found : null;
    });
    expect(new Set(failures.map((f) => f.data.reason))).toEqual(new Set(['unknown_user', 'bad_password']));
    expect(failures.find((f) => f.data.reason === 'bad_password')!.subject).toEqual({ kind: 'member', id: m.id });
    expect(JSON.stringify(failures)).not.toMatch(/nobody|wrong password/);
  });

  describe('with "2FA Code Required" on', () => {
    beforeAll(() => setCodeRequired(true));

    it('sends a code by SMS to the preferred channel and gives a token with amr pwd, sms, mfa once it is right', async () => {
      const c = contact();
      const m = await member('ivy', c);
      const res = await login({ username: 'ivy', password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'code_required', challengeId: expect.stringMatching(/^chl_/), channel: 'sms', to: expect.stringMatching(/^\+1•+\d{4}$/), expiresAt: expect.any(String) });
      expect(res.body.to.endsWith(c.phone.slice(-4))).toBe(true);
      await system.twilio.waitForMessages(1, { to: c.phone });
      const code = system.twilio.lastCodeFor(c.phone)!;
      expect(code).toMatch(/^\d{6}$/);

      const wrongCode = code === '000000' ? '111111' : '000000';
      const bad = await verify(res.body.challengeId, wrongCode);
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ error: 'invalid_code', details: { attemptsRemaining: 4 } });

      const ok = await verify(res.body.challengeId, code);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: 'authenticated', accessToken: expect.any(String), expiresIn: 900 });
      expect(claimsOf(ok.body.accessToken)).toMatchObject({ sub: m.id, ws: ws.id, amr: ['pwd', 'sms', 'mfa'] });
      expect((await system.api.get('/v1/auth/me', { token: ok.body.accessToken })).body.id).toBe(m.id);

      const reused = await verify(res.body.challengeId, code);
      expect(reused.status).toBe(409);
      expect(reused.body.error).toBe('challenge_not_pending');

      const required = await waitFor('login.code_required', () =>
        withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.LoginCodeRequired, 'subject.id': m.id })),
      );
      expect(required.data).toEqual({ challengeId: res.body.challengeId, channel: 'sms', to: res.body.to });
      const succeeded = await waitFor('login.succeeded with mfa', () =>
        withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.LoginSucceeded, 'subject.id': m.id })),
      );
      expect(succeeded.data).toEqual({ amr: ['pwd', 'sms', 'mfa'], challengeId: res.body.challengeId });
    });

    it('sends the code by email when asked for, with amr pwd, otp, mfa', async () => {
      const c = contact();
      await member('jack', c);
      const res = await login({ username: 'jack', password: PASSWORD, channel: 'email' });
      expect(res.body).toMatchObject({ status: 'code_required', channel: 'email', to: `m•••@example.com` });
      await system.smtp.waitForMessages(1, { to: c.email });
      const code = system.smtp.lastCodeFor(c.email)!;
      const ok = await verify(res.body.challengeId, code);
      expect(ok.status).toBe(200);
      expect(claimsOf(ok.body.accessToken).amr).toEqual(['pwd', 'otp', 'mfa']);
    });

    it('uses the preferred channel when the requested one is not allowed by the settings or the member lacks it', async () => {
      const c = contact();
      await member('kate', { email: c.email, phone: undefined });
      const res = await login({ username: 'kate', password: PASSWORD, channel: 'sms' });
      expect(res.body).toMatchObject({ status: 'code_required', channel: 'email' });
    });

    it('answers 409 no_mfa_destination for a member with nowhere to send a code', async () => {
      await system.api.post('/v1/members', { username: 'liam', password: PASSWORD }, { token: ws.adminKey });
      const res = await login({ username: 'liam', password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('no_mfa_destination');
      // A wrong password still gets the same 401 as anyone else: the 409 needs the right password.
      expect((await login({ username: 'liam', password: 'wrong password!!' })).body.error).toBe('invalid_credentials');
    });

    it('answers 410 challenge_expired once the code has expired', async () => {
      const c = contact();
      await member('mia', c);
      const res = await login({ username: 'mia', password: PASSWORD });
      await system.twilio.waitForMessages(1, { to: c.phone });
      const code = system.twilio.lastCodeFor(c.phone)!;
      await editChallengeWhenSent(system.env.MONGO_URL, res.body.challengeId, { expiresAt: new Date(Date.now() - 1000) });
      const expired = await verify(res.body.challengeId, code);
      expect(expired.status).toBe(410);
      expect(expired.body.error).toBe('challenge_expired');
    });

    it('locks a challenge after too many wrong codes; the password still works for a new login (and a locked password does not stop a pending code)', async () => {
      const c = contact();
      await member('nick', c);
      const first = await login({ username: 'nick', password: PASSWORD });
      await system.twilio.waitForMessages(1, { to: c.phone });
      const code = system.twilio.lastCodeFor(c.phone)!;
      const wrongCode = code === '000000' ? '111111' : '000000';
      for (let remaining = 4; remaining >= 0; remaining--) {
        const bad = await verify(first.body.challengeId, wrongCode);
        expect(bad.status).toBe(422);
        expect(bad.body.details.attemptsRemaining).toBe(remaining);
      }
      const locked = await verify(first.body.challengeId, code);
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe('too_many_attempts');

      // The code lock did not touch the password limit: the right password starts a new challenge.
      const second = await login({ username: 'nick', password: PASSWORD });
      expect(second.status).toBe(200);
      expect(second.body.status).toBe('code_required');
      await system.twilio.waitForMessages(2, { to: c.phone });
      const code2 = system.twilio.lastCodeFor(c.phone)!;

      // Now spend the password limit; the pending code is unaffected.
      for (let i = 0; i < 5; i++) expect((await login({ username: 'nick', password: `wrong password ${i}` })).status).toBe(401);
      const blocked = await login({ username: 'nick', password: PASSWORD });
      expect(blocked.status).toBe(429);
      const ok = await verify(second.body.challengeId, code2);
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('authenticated');
    });

    it('does not let a login challenge and an API challenge stand in for each other', async () => {
      const c = contact();
      await member('olga', c);
      const api = await system.api.post('/v1/challenges', { channel: 'sms', to: c.phone }, { token: serviceKey });
      expect(api.status).toBe(201);
      await system.twilio.waitForMessages(1, { to: c.phone });
      const apiCode = system.twilio.lastCodeFor(c.phone)!;
      const asLogin = await verify(api.body.id, apiCode);
      expect(asLogin.status).toBe(404);
      expect(asLogin.body.error).toBe('challenge_not_found');

      const loginRes = await login({ username: 'olga', password: PASSWORD });
      await system.twilio.waitForMessages(2, { to: c.phone });
      const loginCode = system.twilio.lastCodeFor(c.phone)!;
      const asApi = await system.api.post(`/v1/challenges/${loginRes.body.challengeId}/verify`, { code: loginCode }, { token: serviceKey });
      expect(asApi.status).toBe(404);
      // Both are still usable for what they were made for.
      expect((await system.api.post(`/v1/challenges/${api.body.id}/verify`, { code: apiCode }, { token: serviceKey })).status).toBe(200);
      expect((await verify(loginRes.body.challengeId, loginCode)).status).toBe(200);
    });

    it('a token issued before the member was deleted no longer reads /v1/auth/me', async () => {
      await setCodeRequired(false);
      try {
        const m = await member('pete');
        const res = await login({ username: 'pete', password: PASSWORD });
        expect((await system.api.get('/v1/auth/me', { token: res.body.accessToken })).status).toBe(200);
        await system.api.delete(`/v1/members/${m.id}`, { token: ws.adminKey });
        const me = await system.api.get('/v1/auth/me', { token: res.body.accessToken });
        expect(me.status).toBe(404);
        expect(me.body.error).toBe('member_not_found');
      } finally {
        await setCodeRequired(true);
      }
    });
  });

  it('switching "2FA Code Required" on applies to the very next login', async () => {
    const c = contact();
    await member('quinn', c);
    await setCodeRequired(false);
    expect((await login({ username: 'quinn', password: PASSWORD })).body.status).toBe('authenticated');
    await setCodeRequired(true);
    expect((await login({ username: 'quinn', password: PASSWORD })).body.status).toBe('code_required');
  });
});

describe('password attempt limits', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'loginlimit', apps: ['api'] });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('allows 5 wrong passwords per username, then 429 with Retry-After even for the right one; other usernames are unaffected', async () => {
    const ws = await system.createWorkspace('Limits');
    for (const username of ['rita', 'sam']) {
      expect((await system.api.post('/v1/members', { username, password: PASSWORD }, { token: ws.adminKey })).status).toBe(201);
    }
    for (let i = 0; i < 5; i++) {
      const res = await system.api.post('/v1/auth/login', { username: 'rita', password: `wrong password ${i}` }, { token: ws.adminKey });
      expect(res.status).toBe(401);
    }
    for (const password of ['wrong password 6', PASSWORD]) {
      const res = await system.api.post('/v1/auth/login', { username: 'RITA', password }, { token: ws.adminKey });
      expect(res.status).toBe(429);
      expect(res.body.error).toBe('too_many_login_attempts');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    expect((await system.api.post('/v1/auth/login', { username: 'sam', password: PASSWORD }, { token: ws.adminKey })).status).toBe(200);
  });

  it('a success clears the username count: 4 wrong, 1 right, 4 wrong still leaves the account usable', async () => {
    const ws = await system.createWorkspace('Reset');
    await system.api.post('/v1/members', { username: 'tom', password: PASSWORD }, { token: ws.adminKey });
    const attempt = (password: string) => system.api.post('/v1/auth/login', { username: 'tom', password }, { token: ws.adminKey });
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong password ${i}`)).status).toBe(401);
    expect((await attempt(PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong password ${i}`)).status).toBe(401);
    expect((await attempt(PASSWORD)).status).toBe(200);
  });

  it('allows 20 failures per client IP across usernames, then 429 for any username', async () => {
    const ws = await system.createWorkspace('Ip');
    await system.api.post('/v1/members', { username: 'uma', password: PASSWORD }, { token: ws.adminKey });
    for (let i = 0; i < 20; i++) {
      const res = await system.api.post('/v1/auth/login', { username: `guess${i}`, password: 'wrong password' }, { token: ws.adminKey });
      expect(res.status).toBe(401);
    }
    const res = await system.api.post('/v1/auth/login', { username: 'uma', password: PASSWORD }, { token: ws.adminKey });
    expect(res.status).toBe(429);
    expect(res.body.error).toBe('too_many_login_attempts');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
