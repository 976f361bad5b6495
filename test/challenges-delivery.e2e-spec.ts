import { AuditEventType } from '@app/contracts';
import { TestSystem, waitFor } from '@app/testing';
import { auditEvents, challengeDoc, uniqueEmail, uniquePhone, waitForAudit, waitForChallenge, workspaceWith, type ChallengeWorkspace } from './challenges.helpers';

// When jest runs one file in-band the project's testTimeout is not applied to hooks, so say it here.
jest.setTimeout(150_000);

/** DELIVERY_ATTEMPTS is 4 and the backoff 100 ms in the test system. */
describe('challenges: delivery retries, permanent failures, provider callbacks and the email fallback', () => {
  let system: TestSystem;
  let ws: ChallengeWorkspace;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'chdelivery' });
    ws = await workspaceWith(system);
  });
  afterAll(async () => {
    await system?.stop();
  });
  afterEach(() => {
    system.twilio.clearFailures();
  });

  const create = (body: Record<string, unknown>) => system.api.post('/v1/challenges', body, { token: ws.key });
  const requestsTo = (phone: string) => system.twilio.messages.filter((m) => m.to === phone);

  it('a transient failure (HTTP 503) is retried and the person gets exactly one message', async () => {
    const phone = uniquePhone();
    system.twilio.failNext(1, { status: 503, code: 20503 });
    const { body } = await create({ channel: 'sms', to: phone });
    await system.twilio.waitForMessages(1, { to: phone });
    const done = await waitForChallenge(system, ws.key, body.id, 'sent after a retry', (b) => b.delivery.status === 'sent');
    expect(done.delivery).toEqual({ status: 'sent', attempts: 2 });
    await new Promise((r) => setTimeout(r, 500));
    expect(requestsTo(phone).map((m) => m.httpStatus)).toEqual([503, 201]);
    const failed = await waitForAudit(system, ws.id, AuditEventType.ChallengeDeliveryFailed, body.id);
    expect(failed[0].data).toMatchObject({ errorCode: '20503', permanent: false, attempt: 1 });
    expect((await system.api.post(`/v1/challenges/${body.id}/verify`, { code: system.twilio.lastCodeFor(phone) }, { token: ws.key })).status).toBe(200);
  });

  it('a permanent failure (Twilio 21211) is not retried: the challenge is undeliverable and an audit event says why', async () => {
    const phone = uniquePhone();
    system.twilio.failNext(1, { status: 400, code: 21211 });
    const { body } = await create({ channel: 'sms', to: phone });
    const done = await waitForChallenge(system, ws.key, body.id, 'undeliverable', (b) => b.status === 'undeliverable');
    expect(done.delivery).toEqual({ status: 'failed', attempts: 1, lastError: '21211' });
    const [event] = await waitForAudit(system, ws.id, AuditEventType.ChallengeUndeliverable, body.id);
    expect(event.data).toMatchObject({ errorCode: '21211', reason: 'permanent_failure', channel: 'sms' });
    expect(event.data.to).not.toContain(phone.slice(2, 9));
    await new Promise((r) => setTimeout(r, 800));
    expect(requestsTo(phone)).toHaveLength(1);
    const verify = await system.api.post(`/v1/challenges/${body.id}/verify`, { code: '123456' }, { token: ws.key });
    expect(verify.body.error).toBe('challenge_not_pending');
  });

  it('a provider that stays down past every attempt makes the challenge undeliverable after exactly DELIVERY_ATTEMPTS calls', async () => {
    const phone = uniquePhone();
    system.twilio.failAll({ status: 500, code: 20500 });
    const { body } = await create({ channel: 'sms', to: phone });
    const done = await waitForChallenge(system, ws.key, body.id, 'undeliverable', (b) => b.status === 'undeliverable');
    expect(done.delivery).toEqual({ status: 'failed', attempts: 4, lastError: '20500' });
    expect(requestsTo(phone)).toHaveLength(4);
    const [event] = await waitForAudit(system, ws.id, AuditEventType.ChallengeUndeliverable, body.id);
    expect(event.data).toMatchObject({ errorCode: '20500', reason: 'attempts_exhausted', attempts: 4 });
    expect(await auditEvents(system, ws.id, AuditEventType.ChallengeDeliveryFailed, body.id)).toHaveLength(4);
  });

  it('email: SMTP 450 retries into one delivered message; SMTP 550 is permanent', async () => {
    const soft = uniqueEmail('soft');
    system.smtp.rejectNext(1, 450);
    const first = await create({ channel: 'email', to: soft });
    await system.smtp.waitForMessages(1, { to: soft });
    expect((await waitForChallenge(system, ws.key, first.body.id, 'sent', (b) => b.delivery.status === 'sent')).delivery.attempts).toBe(2);

    const hard = uniqueEmail('hard');
    system.smtp.rejectNext(1, 550);
    const second = await create({ channel: 'email', to: hard });
    const done = await waitForChallenge(system, ws.key, second.body.id, 'undeliverable', (b) => b.status === 'undeliverable');
    expect(done.delivery).toEqual({ status: 'failed', attempts: 1, lastError: 'smtp_550' });
    expect(system.smtp.messages.filter((m) => m.to.includes(hard))).toHaveLength(0);
  });

  it('a forged status callback is refused with 403 invalid_signature and changes nothing; a valid one records the status and error code', async () => {
    const phone = uniquePhone();
    const { body } = await create({ channel: 'sms', to: phone });
    const [sms] = await system.twilio.waitForMessages(1, { to: phone });
    await waitForChallenge(system, ws.key, body.id, 'sent', (b) => b.delivery.status === 'sent');

    const forged = await system.twilio.sendStatusCallback(sms, 'delivered', { authToken: 'not-the-real-token-0123456789' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ error: 'invalid_signature' });
    const unsigned = await fetch(sms.statusCallback!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `MessageSid=${sms.sid}&MessageStatus=delivered` });
    expect(unsigned.status).toBe(403);
    expect((await challengeDoc(system, body.id))!.delivery.status).toBe('sent');
    await waitFor('webhook.rejected audited', async () => (await auditEvents(system, 'system', AuditEventType.WebhookRejected)).length >= 2);

    const valid = await system.twilio.sendStatusCallback(sms, 'delivered');
    expect(valid.status).toBe(200);
    expect((await system.api.get(`/v1/challenges/${body.id}`, { token: ws.key })).body.delivery.status).toBe('delivered');
    const [event] = await waitForAudit(system, ws.id, AuditEventType.DeliveryStatusUpdated, body.id);
    expect(event.data).toMatchObject({ status: 'delivered' });

    // Without a fallback email an undelivered SMS is only recorded, with Twilio's error code.
    const other = uniquePhone();
    const second = await create({ channel: 'sms', to: other });
    const [sms2] = await system.twilio.waitForMessages(1, { to: other });
    await waitForChallenge(system, ws.key, second.body.id, 'sent', (b) => b.delivery.status === 'sent');
    expect((await system.twilio.sendStatusCallback(sms2, 'failed', { errorCode: 30006 })).status).toBe(200);
    const after = (await system.api.get(`/v1/challenges/${second.body.id}`, { token: ws.key })).body;
    expect(after).toMatchObject({ status: 'pending', channel: 'sms', delivery: { status: 'failed', lastError: '30006' } });
  });

  it('an SMS that ends undelivered falls back to the email on record, whose code verifies (the old SMS code does not)', async () => {
    const phone = uniquePhone();
    const email = uniqueEmail('fallback');
    const { body } = await create({ channel: 'sms', to: phone, fallbackEmail: email });
    expect(body.channel).toBe('sms');
    const [sms] = await system.twilio.waitForMessages(1, { to: phone });
    await waitForChallenge(system, ws.key, body.id, 'sent', (b) => b.delivery.status === 'sent');
    const smsCode = system.twilio.lastCodeFor(phone)!;

    const res = await system.twilio.sendStatusCallback(sms, 'undelivered', { errorCode: 30003 });
    expect(res.status).toBe(200);
    const [mail] = await system.smtp.waitForMessages(1, { to: email });
    expect(mail.text).toContain('IrisCX');
    const switched = await waitForChallenge(system, ws.key, body.id, 'email sent', (b) => b.channel === 'email' && b.delivery.status === 'sent');
    expect(switched.to).toMatch(/^f•+@example\.com$/);
    const [event] = await waitForAudit(system, ws.id, AuditEventType.ChallengeFallback, body.id);
    expect(event.data).toMatchObject({ errorCode: '30003', to: { channel: 'email' } });

    // A second callback for the same SMS does not send another email.
    await system.twilio.sendStatusCallback(sms, 'failed', { errorCode: 30003 });
    await new Promise((r) => setTimeout(r, 500));
    expect(system.smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);

    const emailCode = system.smtp.lastCodeFor(email)!;
    if (smsCode !== emailCode) expect((await system.api.post(`/v1/challenges/${body.id}/verify`, { code: smsCode }, { token: ws.key })).status).toBe(422);
    expect((await system.api.post(`/v1/challenges/${body.id}/verify`, { code: emailCode }, { token: ws.key })).status).toBe(200);
  });
});
