import Redis from 'ioredis';
import { AuditEventType } from '@app/contracts';
import { TestSystem, dumpCollections, editChallengeWhenSent, withMongo } from '@app/testing';
import { auditEvents, challengeDoc, uniqueEmail, uniquePhone, waitForAudit, waitForChallenge, workspaceWith, type ChallengeWorkspace } from './challenges.helpers';

// When jest runs one file in-band the project's testTimeout is not applied to hooks, so say it here.
jest.setTimeout(150_000);

describe('challenges: the API contract on real apps, Redis, FerretDB, the twilio SDK and SMTP', () => {
  let system: TestSystem;
  let ws: ChallengeWorkspace;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'challenges' });
    ws = await workspaceWith(system);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const create = (body: Record<string, unknown>, key = ws.key, headers?: Record<string, string>) =>
    system.api.post('/v1/challenges', body, { token: key, headers });
  const verify = (id: string, code: string, key = ws.key) => system.api.post(`/v1/challenges/${id}/verify`, { code }, { token: key });

  it('sends a code by SMS through the twilio SDK; the code in the message verifies, with a masked destination throughout', async () => {
    const phone = uniquePhone();
    const res = await create({ channel: 'sms', to: phone });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^chl_/), status: 'pending', channel: 'sms', attemptsRemaining: 5 });
    expect(res.body.to).not.toContain(phone.slice(2, 9));
    expect(res.body.to).toMatch(/^\+1.*\d{4}$/);
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(590_000);

    const [sms] = await system.twilio.waitForMessages(1, { to: phone });
    expect(sms.body).toMatch(/^\d{6} is your IrisCX verification code\. It expires in 10 minutes/);
    expect(sms.statusCallback).toBe(`${system.env.PUBLIC_BASE_URL}/v1/webhooks/twilio/status`);
    const sent = await waitForChallenge(system, ws.key, res.body.id, 'delivery sent', (b) => b.delivery.status === 'sent');
    expect(sent.delivery).toEqual({ status: 'sent', attempts: 1 });

    const ok = await verify(res.body.id, system.twilio.lastCodeFor(phone)!);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: res.body.id, status: 'approved' });
    expect(ok.body.destinationHash).toBeUndefined();
    expect((await system.api.get(`/v1/challenges/${res.body.id}`, { token: ws.key })).body.status).toBe('approved');
    await waitForAudit(system, ws.id, AuditEventType.ChallengeApproved, res.body.id);
  });

  it('sends a code by email (text and HTML, Spanish on request) and it verifies', async () => {
    const email = uniqueEmail('Ana');
    const res = await create({ channel: 'email', to: email.toUpperCase(), locale: 'es' });
    expect(res.status).toBe(201);
    expect(res.body.to).toMatch(/^a•+@example\.com$/);
    const [mail] = await system.smtp.waitForMessages(1, { to: email });
    expect(mail.subject).toContain('IrisCX');
    expect(mail.text).toMatch(/Tu código de verificación de IrisCX es: \d{6}/);
    expect(mail.html).toContain(system.smtp.lastCodeFor(email)!);
    const ok = await verify(res.body.id, system.smtp.lastCodeFor(email)!);
    expect(ok.body.status).toBe('approved');
  });

  it('a wrong code answers 422 invalid_code with attemptsRemaining; a used code cannot be replayed (409)', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const code = system.twilio.lastCodeFor(phone)!;
    const wrong = await verify(body.id, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ error: 'invalid_code', details: { attemptsRemaining: 4 } });
    expect((await verify(body.id, code)).status).toBe(200);
    const replay = await verify(body.id, code);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ error: 'challenge_not_pending' });
  });

  it("challenge A's code does not verify challenge B, even for the same destination", async () => {
    const phone = uniquePhone();
    const a = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const codeA = system.twilio.lastCodeFor(phone)!;
    const b = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(2, { to: phone });
    const codeB = system.twilio.lastCodeFor(phone)!;
    // Codes are random, so they may collide; the HMAC binding is what must reject A's code on B.
    if (codeA !== codeB) {
      const res = await verify(b.body.id, codeA);
      expect(res.status).toBe(422);
    }
    const stored = await challengeDoc(system, b.body.id);
    const storedA = await challengeDoc(system, a.body.id);
    expect(stored!.codeHash).not.toBe(storedA!.codeHash);
    expect((await verify(b.body.id, codeB)).status).toBe(200);
    expect((await verify(a.body.id, codeA)).status).toBe(200);
  });

  it('an expired challenge answers 410 challenge_expired and reads as expired (decided at read time)', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    await editChallengeWhenSent(system.env.MONGO_URL, body.id, { expiresAt: new Date(Date.now() - 1000) });
    const res = await verify(body.id, system.twilio.lastCodeFor(phone)!);
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ error: 'challenge_expired' });
    expect((await system.api.get(`/v1/challenges/${body.id}`, { token: ws.key })).body.status).toBe('expired');
    expect((await system.api.post(`/v1/challenges/${body.id}/resend`, {}, { token: ws.key })).status).toBe(410);
  });

  it('cancel makes the challenge final: 200 canceled, then the code answers 409', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const res = await system.api.post(`/v1/challenges/${body.id}/cancel`, {}, { token: ws.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: body.id, status: 'canceled' });
    expect((await verify(body.id, system.twilio.lastCodeFor(phone)!)).body.error).toBe('challenge_not_pending');
    expect((await system.api.post(`/v1/challenges/${body.id}/cancel`, {}, { token: ws.key })).status).toBe(409);
  });

  it('50 parallel wrong guesses count exactly maxAttempts, then the challenge is locked even for the right code', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const code = system.twilio.lastCodeFor(phone)!;
    const wrong = code === '999999' ? '999998' : '999999';
    const results = await Promise.all(Array.from({ length: 50 }, () => verify(body.id, wrong)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    expect(results.filter((r) => r.status === 422).map((r) => r.body.details.attemptsRemaining).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(results.find((r) => r.status === 429)!.body.error).toBe('too_many_attempts');
    const stored = await challengeDoc(system, body.id);
    expect(stored).toMatchObject({ attempts: 5, status: 'locked' });
    const right = await verify(body.id, code);
    expect(right.status).toBe(429);
    expect((await system.api.get(`/v1/challenges/${body.id}`, { token: ws.key })).body).toMatchObject({ status: 'locked', attemptsRemaining: 0 });
    await waitForAudit(system, ws.id, AuditEventType.ChallengeLocked, body.id);
    expect(await auditEvents(system, ws.id, AuditEventType.ChallengeLocked, body.id)).toHaveLength(1);
  });

  it('20 parallel right guesses approve exactly once', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const code = system.twilio.lastCodeFor(phone)!;
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(body.id, code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(results.every((r) => r.status === 200 || r.body.error === 'challenge_not_pending')).toBe(true);
    await waitForAudit(system, ws.id, AuditEventType.ChallengeApproved, body.id);
    expect(await auditEvents(system, ws.id, AuditEventType.ChallengeApproved, body.id)).toHaveLength(1);
  });

  it('bad input answers 400 validation_failed naming the field, and stores nothing', async () => {
    const before = await withMongo(system.env.MONGO_URL, (db) => db.collection('challenges').countDocuments({ workspaceId: ws.id }));
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: 'fax', to: '+14155550123' }, 'channel'],
      [{ channel: 'sms' }, 'to'],
      [{ channel: 'sms', to: 'not a number' }, 'to'],
      [{ channel: 'email', to: 'nobody@' }, 'to'],
      [{ channel: 'sms', to: '+14155550123', extra: 1 }, 'extra'],
      [{ channel: 'sms', to: '+14155550123', locale: 'x'.repeat(40) }, 'locale'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const { body } = await create({ channel: 'email', to: uniqueEmail() });
    for (const code of ['12', 'abcdef', '12345678901']) {
      const res = await verify(body.id, code);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
    }
    expect((await system.api.get('/v1/challenges/not-an-id', { token: ws.key })).body.error).toBe('validation_failed');
    const after = await withMongo(system.env.MONGO_URL, (db) => db.collection('challenges').countDocuments({ workspaceId: ws.id }));
    expect(after).toBe(before + 1);
    expect((await challengeDoc(system, body.id))!.attempts).toBe(0);
  });

  it("another workspace's challenge is 404 challenge_not_found for every verb", async () => {
    const other = await workspaceWith(system);
    const { body } = await create({ channel: 'email', to: uniqueEmail() });
    for (const res of [
      await system.api.get(`/v1/challenges/${body.id}`, { token: other.key }),
      await verify(body.id, '123456', other.key),
      await system.api.post(`/v1/challenges/${body.id}/resend`, {}, { token: other.key }),
      await system.api.post(`/v1/challenges/${body.id}/cancel`, {}, { token: other.key }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('challenge_not_found');
    }
    expect((await system.api.get(`/v1/challenges/chl_00000000-0000-4000-8000-000000000000`, { token: ws.key })).status).toBe(404);
  });

  it('Idempotency-Key returns the first answer and sends nothing new; the key is scoped to the workspace', async () => {
    const phone = uniquePhone();
    const headers = { 'Idempotency-Key': `idem-${Date.now()}` };
    const first = await create({ channel: 'sms', to: phone }, ws.key, headers);
    const second = await create({ channel: 'sms', to: phone }, ws.key, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const other = await workspaceWith(system);
    const third = await create({ channel: 'sms', to: phone }, other.key, headers);
    expect(third.status).toBe(201);
    expect(third.body.id).not.toBe(first.body.id);
    await system.twilio.waitForMessages(2, { to: phone });
    await new Promise((r) => setTimeout(r, 500));
    expect(system.twilio.accepted.filter((m) => m.to === phone)).toHaveLength(2);
    const reused = await create({ channel: 'sms', to: uniquePhone() }, ws.key, headers);
    expect(reused.status).toBe(422);
  });

  it('resend inside the cooldown answers 429 resend_too_soon with Retry-After; a resend replaces the code and the cooldown grows', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const early = await system.api.post(`/v1/challenges/${body.id}/resend`, {}, { token: ws.key });
    expect(early.status).toBe(429);
    expect(early.body.error).toBe('resend_too_soon');
    const retryAfter = Number(early.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(25);
    expect(retryAfter).toBeLessThanOrEqual(30);

    const oldCode = system.twilio.lastCodeFor(phone)!;
    // Move the cooldown's end into the past instead of waiting 30 s.
    await editChallengeWhenSent(system.env.MONGO_URL, body.id, { nextResendAt: new Date(Date.now() - 1000) });
    const resent = await system.api.post(`/v1/challenges/${body.id}/resend`, {}, { token: ws.key });
    expect(resent.status).toBe(202);
    await system.twilio.waitForMessages(2, { to: phone });
    const again = await system.api.post(`/v1/challenges/${body.id}/resend`, {}, { token: ws.key });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(55);
    const newCode = system.twilio.lastCodeFor(phone)!;
    if (newCode !== oldCode) expect((await verify(body.id, oldCode)).status).toBe(422);
    expect((await verify(body.id, newCode)).status).toBe(200);
  });

  it('enforces the SMS country allow-list (403 country_not_allowed), channels from settings (403 channel_unavailable) and sends per destination per hour (429 + Retry-After)', async () => {
    const limited = await workspaceWith(system, { sms: { allowedCountries: ['US'] }, authentication: { channels: ['sms'] }, codes: { maxSendsPerDestinationPerHour: 2 } });
    const spain = await create({ channel: 'sms', to: '612 34 56 78', countryHint: 'ES' }, limited.key);
    expect(spain.status).toBe(403);
    expect(spain.body).toMatchObject({ error: 'country_not_allowed', details: { country: 'ES' } });
    const national = await create({ channel: 'sms', to: '(415) 555-0142', countryHint: 'us' }, limited.key);
    expect(national.status).toBe(201);
    await system.twilio.waitForMessages(1, { to: '+14155550142' });
    const email = await create({ channel: 'email', to: uniqueEmail() }, limited.key);
    expect(email.status).toBe(403);
    expect(email.body.error).toBe('channel_unavailable');
    expect((await create({ channel: 'sms', to: '+14155550142' }, limited.key)).status).toBe(201);
    const third = await create({ channel: 'sms', to: '+1 415 555 0142' }, limited.key);
    expect(third.status).toBe(429);
    expect(third.body.error).toBe('destination_rate_limited');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3500);
  });

  it('keeps the code, the phone number and the email out of Redis job data and MongoDB documents', async () => {
    const secretWs = await workspaceWith(system, { codes: { length: 10 } });
    const phone = uniquePhone();
    const email = uniqueEmail('private');
    const sms = await create({ channel: 'sms', to: phone, fallbackEmail: email }, secretWs.key);
    const mail = await create({ channel: 'email', to: email }, secretWs.key);
    await system.twilio.waitForMessages(1, { to: phone });
    await system.smtp.waitForMessages(1, { to: email });
    const codes = [system.twilio.lastCodeFor(phone)!, system.smtp.lastCodeFor(email)!];
    expect(codes.every((c) => /^\d{10}$/.test(c))).toBe(true);
    await waitForChallenge(system, secretWs.key, sms.body.id, 'sms sent', (b) => b.delivery.status === 'sent');
    await waitForChallenge(system, secretWs.key, mail.body.id, 'email sent', (b) => b.delivery.status === 'sent');
    await waitForAudit(system, secretWs.id, AuditEventType.ChallengeSent);

    const secrets = [...codes, phone, phone.slice(1), email, email.split('@')[0]];
    const redis = new Redis(system.env.REDIS_URL);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${system.env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      const jobHashes = keys.filter((k) => /:deliveries:[^:]+$/.test(k) && /challenge-chl_/.test(k));
      expect(jobHashes.length).toBeGreaterThanOrEqual(2);
      let raw = '';
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') raw += JSON.stringify(await redis.hgetall(key));
        else if (type === 'string') raw += await redis.get(key);
        else if (type === 'list') raw += JSON.stringify(await redis.lrange(key, 0, -1));
        else if (type === 'zset') raw += JSON.stringify(await redis.zrange(key, 0, -1));
        else if (type === 'set') raw += JSON.stringify(await redis.smembers(key));
        else if (type === 'stream') raw += JSON.stringify(await redis.xrange(key, '-', '+'));
      }
      const jobData = JSON.stringify(await redis.hgetall(jobHashes[0]));
      expect(jobData).toMatch(/"to\\":\\"v1\./);
      for (const secret of secrets) expect(raw).not.toContain(secret);
    } finally {
      redis.disconnect();
    }
    const dump = JSON.stringify(await dumpCollections(system.env.MONGO_URL));
    expect(dump).toContain(sms.body.id);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(system.logs()).not.toContain(phone);
    for (const code of codes) expect(system.logs()).not.toContain(code);
  });
});
