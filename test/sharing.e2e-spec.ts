import { AuditEventType } from '@app/contracts';
import { TestSystem, dumpCollections, waitFor, withMongo, type TestWorkspace } from '@app/testing';

// Starts the whole system; the project's testTimeout does not reach suites run by path.
jest.setTimeout(120000);

const VIDEO = { id: 'vid_1', title: 'Kitchen walkthrough', url: 'https://cdn.example.test/v/kitchen-walkthrough.mp4' };

/** The token is the last path segment of a link URL. */
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sharing: direct shares, the three link types and the viewer API on the real system', () => {
  let system: TestSystem;
  let ws: TestWorkspace;
  let key: string;
  /** Every token and personal datum handed out, to prove none of it is stored in plaintext. */
  const secrets: string[] = [];

  const createLink = async (body: Record<string, unknown>) => {
    const res = await system.api.post('/v1/links', { video: VIDEO, ...body }, { token: key });
    if (res.status === 201) secrets.push(tokenOf(res.body.url));
    return res;
  };
  const view = (token: string, path = '', bearer?: string) => system.api.get(`/v1/view/${token}${path}`, bearer ? { token: bearer } : {});
  const patchSettings = async (patch: unknown) => {
    const res = await system.api.patch('/v1/settings', patch, { token: ws.adminKey });
    expect(res.status).toBe(200);
    // Each API copy caches settings for a few seconds; the change is broadcast, but give it a moment.
    await sleep(200);
  };
  const auditOf = (type: string, subjectId: string, data: Record<string, unknown> = {}) =>
    waitFor(`${type} for ${subjectId}`, () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type, 'subject.id': subjectId, ...Object.fromEntries(Object.entries(data).map(([k, v]) => [`data.${k}`, v])) })),
    );

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'sharing' });
    ws = await system.createWorkspace('Sharing');
    key = await system.createApiKey(ws, 'service');
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('bad input', () => {
    it('answers 400 validation_failed for bad link bodies and creates nothing', async () => {
      const bad: Record<string, unknown>[] = [
        { video: VIDEO },
        { type: 'public' },
        { video: 'https://cdn.example.test/v.mp4', type: 'public' },
        { video: { ...VIDEO, url: 'javascript:alert(1)' }, type: 'public' },
        { video: { ...VIDEO, url: 'ftp://example.test/v.mp4' }, type: 'public' },
        { video: VIDEO, type: 'secret' },
        { video: VIDEO, type: 'public', maxViews: 0 },
        { video: VIDEO, type: 'public', maxViews: 100001 },
        { video: VIDEO, type: 'public', expiresAt: new Date(Date.now() - 60_000).toISOString() },
        { video: VIDEO, type: 'public', expiresAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() },
        { video: VIDEO, type: 'public', allowedRecipients: [{ email: 'a@example.test' }] },
        { video: VIDEO, type: 'public_2fa', allowedRecipients: [{ phone: '12' }] },
        { video: VIDEO, type: 'public_2fa', allowedRecipients: [{ phone: '+14155550101', email: 'a@example.test' }] },
        { video: VIDEO, type: 'public_2fa', allowedRecipients: [{ emailDomain: 'not a domain' }] },
        { video: VIDEO, type: 'public', extra: true },
      ];
      for (const body of bad) {
        const res = await system.api.post('/v1/links', body, { token: key });
        expect({ body, status: res.status, error: res.body.error }).toEqual({ body, status: 400, error: 'validation_failed' });
        expect(res.body.details.length).toBeGreaterThan(0);
      }
      const links = await withMongo(system.env.MONGO_URL, (db) => db.collection('links').countDocuments({ workspaceId: ws.id }));
      expect(links).toBe(0);
    });

    it('answers 400 validation_failed for bad share bodies and sends nothing', async () => {
      const many = Array.from({ length: 51 }, (_, i) => ({ email: `r${i}@example.test` }));
      const bad: Record<string, unknown>[] = [
        { video: VIDEO, recipients: [] },
        { video: VIDEO, recipients: many },
        { video: VIDEO, recipients: [{ phone: '+14155550101', email: 'a@example.test' }] },
        { video: VIDEO, recipients: [{ phone: 'not a phone' }] },
        { video: VIDEO, recipients: [{ email: 'nope' }] },
        { video: VIDEO, recipients: [{ email: 'a@example.test' }, { email: 'A@Example.test' }] },
        { video: { ...VIDEO, url: 'data:video/mp4;base64,AAAA' }, recipients: [{ email: 'a@example.test' }] },
        { recipients: [{ email: 'a@example.test' }] },
      ];
      for (const body of bad) {
        const res = await system.api.post('/v1/shares', body, { token: key });
        expect({ body: JSON.stringify(body).slice(0, 80), status: res.status, error: res.body.error }).toEqual({ body: JSON.stringify(body).slice(0, 80), status: 400, error: 'validation_failed' });
      }
      await sleep(300);
      expect(system.smtp.messages).toHaveLength(0);
      expect(system.twilio.messages).toHaveLength(0);
    });

    it('refuses a link type that the settings turn off with 403 link_type_not_allowed', async () => {
      await patchSettings({ shareLinks: { allowedTypes: ['public_2fa'] } });
      for (const type of ['public', 'private']) {
        const res = await createLink({ type });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, error: 'link_type_not_allowed' });
      }
      expect((await createLink({ type: 'public_2fa' })).status).toBe(201);
      await patchSettings({ shareLinks: { allowedTypes: ['private', 'public', 'public_2fa'] } });
      expect((await createLink({ type: 'public' })).status).toBe(201);
    });
  });

  describe('public links', () => {
    it('play for anyone with the link: describe, 302 to the video, the view recorded and audited', async () => {
      const created = await createLink({ type: 'public' });
      expect(created.body).toMatchObject({ type: 'public', status: 'active', maxViews: null, video: { id: VIDEO.id, title: VIDEO.title } });
      expect(created.body.url).toMatch(new RegExp(`^${system.env.PUBLIC_BASE_URL}/s/[A-Za-z0-9_-]{43}$`));
      // Default expiry: settings.shareLinks.defaultExpiryHours (168 h).
      const hours = (Date.parse(created.body.expiresAt) - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(167.9);
      expect(hours).toBeLessThanOrEqual(168);
      const token = tokenOf(created.body.url);

      const described = await view(token);
      expect(described.status).toBe(200);
      expect(described.body).toEqual({ title: VIDEO.title, type: 'public', requires: 'none' });
      expect(described.headers.get('cache-control')).toBe('no-store');

      const media = await view(token, '/media');
      expect(media.status).toBe(302);
      expect(media.headers.get('location')).toBe(VIDEO.url);
      expect(media.headers.get('referrer-policy')).toBe('no-referrer');

      const json = await view(token, '/media?format=json');
      expect(json.status).toBe(200);
      expect(json.body).toEqual({ url: VIDEO.url });

      const withViews = await waitFor('two recorded views', async () => {
        const res = await system.api.get(`/v1/links/${created.body.id}`, { token: key });
        // Views are written by the notifier; count and list are two reads, so wait for both to show them.
        return res.body.views.count === 2 && res.body.views.items.length === 2 ? res : null;
      });
      expect(withViews.body.views.items).toEqual([
        { viewer: 'anonymous', at: expect.any(String) },
        { viewer: 'anonymous', at: expect.any(String) },
      ]);
      const viewed = await auditOf(AuditEventType.LinkViewed, created.body.id);
      expect(viewed.data.viewer).toBe('anonymous');
      await auditOf(AuditEventType.LinkCreated, created.body.id);

      const list = await system.api.get('/v1/links?limit=100', { token: key });
      expect(list.status).toBe(200);
      expect(list.body.items.map((l: { id: string }) => l.id)).toContain(created.body.id);
      expect(JSON.stringify(list.body)).not.toContain(token);
    });
  });

  describe('private links', () => {
    it('need a member access token of the same workspace', async () => {
      const created = await createLink({ type: 'private' });
      const token = tokenOf(created.body.url);
      expect((await view(token)).body).toEqual({ title: VIDEO.title, type: 'private', requires: 'member_login' });

      const none = await view(token, '/media');
      expect(none.status).toBe(401);
      expect(none.body.error).toBe('member_login_required');

      // A member of another workspace.
      const other = await system.createWorkspace('Other');
      const otherToken = await memberToken(other.adminKey, 'outsider');
      const foreign = await view(token, '/media', otherToken);
      expect(foreign.status).toBe(401);
      expect(foreign.body.error).toBe('member_login_required');

      // A viewer token is not a member token.
      const garbage = await view(token, '/media', 'not-a-jwt');
      expect(garbage.body.error).toBe('member_login_required');

      const mine = await memberToken(ws.adminKey, 'insider');
      const ok = await view(token, '/media', mine);
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe(VIDEO.url);

      const denied = await auditOf(AuditEventType.LinkAccessDenied, created.body.id);
      expect(denied.data.reason).toMatch(/member_token/);
      await auditOf(AuditEventType.LinkViewed, created.body.id);
    });

    async function memberToken(adminKey: string, username: string): Promise<string> {
      const member = await system.api.post('/v1/members', { username, password: 'correct horse battery staple' }, { token: adminKey });
      expect(member.status).toBe(201);
      const login = await system.api.post('/v1/auth/login', { username, password: 'correct horse battery staple' }, { token: adminKey });
      expect(login.status).toBe(200);
      expect(login.body.status).toBe('authenticated');
      return login.body.accessToken;
    }
  });

  describe('public_2fa links', () => {
    const allowedPhone = '+14155550101';
    let linkId: string;
    let token: string;

    beforeAll(async () => {
      secrets.push(allowedPhone, '4155550101', 'ann@example.com', 'bob@other.test', '+14155550199');
      const created = await createLink({ type: 'public_2fa', maxViews: 10, allowedRecipients: [{ phone: '(415) 555-0101', country: 'US' }, { emailDomain: '@Example.com' }] });
      expect(created.status).toBe(201);
      expect(created.body.allowedRecipients).toEqual([
        { kind: 'phone', value: '+1••••••0101' },
        { kind: 'emailDomain', value: 'example.com' },
      ]);
      linkId = created.body.id;
      token = tokenOf(created.body.url);
    });

    it('walks the whole flow: destination, code (a wrong one first), viewer token, media', async () => {
      expect((await view(token)).body).toEqual({ title: VIDEO.title, type: 'public_2fa', requires: 'code' });
      const noToken = await view(token, '/media');
      expect(noToken.status).toBe(401);
      expect(noToken.body.error).toBe('viewer_token_required');

      const challenge = await system.api.post(`/v1/view/${token}/challenge`, { to: allowedPhone });
      expect(challenge.status).toBe(201);
      expect(challenge.body).toMatchObject({ challengeId: expect.stringMatching(/^chl_/), to: '+1••••••0101', channel: 'sms', expiresAt: expect.any(String), resendAfterSeconds: 30 });
      await system.twilio.waitForMessages(1, { to: allowedPhone });
      const code = system.twilio.lastCodeFor(allowedPhone)!;
      secrets.push(code);

      const wrong = await system.api.post(`/v1/view/${token}/verify`, { challengeId: challenge.body.challengeId, code: code === '000000' ? '111111' : '000000' });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ error: 'invalid_code', details: { attemptsRemaining: 4 } });

      const early = await system.api.post(`/v1/view/${token}/resend`, { challengeId: challenge.body.challengeId });
      expect(early.status).toBe(429);
      expect(early.body.error).toBe('resend_too_soon');
      expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);

      const ok = await system.api.post(`/v1/view/${token}/verify`, { challengeId: challenge.body.challengeId, code });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ viewerToken: expect.any(String), expiresIn: expect.any(Number) });
      secrets.push(ok.body.viewerToken);

      const media = await view(token, '/media', ok.body.viewerToken);
      expect(media.status).toBe(302);
      expect(media.headers.get('location')).toBe(VIDEO.url);

      // The same viewer token opens no other link.
      const other = await createLink({ type: 'public_2fa' });
      const elsewhere = await view(tokenOf(other.body.url), '/media', ok.body.viewerToken);
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body.error).toBe('viewer_token_required');

      const link = await waitFor('the verified view on the link', async () => {
        const res = await system.api.get(`/v1/links/${linkId}`, { token: key });
        return res.body.views.count === 1 && res.body.views.items.length === 1 ? res : null;
      });
      expect(link.body.views.items).toEqual([{ viewer: '+1••••••0101', at: expect.any(String) }]);
      const viewed = await auditOf(AuditEventType.LinkViewed, linkId);
      expect(viewed.actor).toEqual({ kind: 'viewer', id: '+1••••••0101' });
    });

    it('accepts an email in an allowed domain and sends the code there', async () => {
      const res = await system.api.post(`/v1/view/${token}/challenge`, { to: 'Ann@Example.com' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ to: 'a•••@example.com', channel: 'email' });
      await system.smtp.waitForMessages(1, { to: 'ann@example.com' });
      const code = system.smtp.lastCodeFor('ann@example.com')!;
      const ok = await system.api.post(`/v1/view/${token}/verify`, { challengeId: res.body.challengeId, code });
      expect(ok.status).toBe(200);
    });

    it('refuses destinations outside allowedRecipients with 403 recipient_not_allowed and sends nothing', async () => {
      const smsBefore = system.twilio.messages.length;
      const mailBefore = system.smtp.messages.length;
      for (const to of ['+14155550199', 'bob@other.test', 'ann@example.com.evil.test']) {
        const res = await system.api.post(`/v1/view/${token}/challenge`, { to });
        expect({ to, status: res.status, error: res.body.error }).toEqual({ to, status: 403, error: 'recipient_not_allowed' });
      }
      await sleep(1000);
      expect(system.twilio.messages.length).toBe(smsBefore);
      expect(system.smtp.messages.length).toBe(mailBefore);
      const challenges = await withMongo(system.env.MONGO_URL, (db) => db.collection('challenges').countDocuments({ workspaceId: ws.id, subjectId: linkId }));
      expect(challenges).toBe(2);
      const denied = await auditOf(AuditEventType.LinkAccessDenied, linkId, { reason: 'recipient_not_allowed' });
      expect(denied.actor).toEqual({ kind: 'viewer', id: 'anonymous' });
    });
  });

  describe('direct shares', () => {
    it('with Require Authentication off: a personal link per recipient by SMS and email, no code needed', async () => {
      const phone = '+14155550142';
      const email = 'carol@example.test';
      secrets.push(phone, '4155550142', email);
      const body = { video: VIDEO, recipients: [{ phone: '415 555 0142', country: 'US' }, { email: 'Carol@Example.test' }], message: 'Here is the walkthrough' };
      const res = await system.api.post('/v1/shares', body, { token: key, headers: { 'idempotency-key': 'share-off-1' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.stringMatching(/^shr_/), requiresCode: false });
      const [sms, mail] = res.body.recipients;
      expect(sms).toMatchObject({ channel: 'sms', to: '+1••••••0142', requiresCode: false, link: { id: expect.stringMatching(/^lnk_/) } });
      expect(mail).toMatchObject({ channel: 'email', to: 'c•••@example.test', requiresCode: false });
      secrets.push(tokenOf(sms.link.url), tokenOf(mail.link.url));

      const [text] = await system.twilio.waitForMessages(1, { to: phone });
      expect(text.body).toContain(sms.link.url);
      const [message] = await system.smtp.waitForMessages(1, { to: email });
      expect(message.text).toContain(mail.link.url);
      expect(message.text).toContain('Here is the walkthrough');

      // Same key and body: the first answer again, nothing sent twice.
      const again = await system.api.post('/v1/shares', body, { token: key, headers: { 'idempotency-key': 'share-off-1' } });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(res.body);

      const smsToken = tokenOf(sms.link.url);
      expect((await view(smsToken)).body).toEqual({ title: VIDEO.title, type: 'share', requires: 'none' });
      const media = await view(smsToken, '/media');
      expect(media.status).toBe(302);
      expect(media.headers.get('location')).toBe(VIDEO.url);

      const status = await waitFor('share delivered and viewed', async () => {
        const got = await system.api.get(`/v1/shares/${res.body.id}`, { token: key });
        const [a, b] = got.body.recipients;
        return a.delivery.status === 'sent' && b.delivery.status === 'sent' && a.views.length === 1 ? got : null;
      });
      expect(status.body.recipients[0]).toMatchObject({ id: sms.id, to: '+1••••••0142', link: { id: sms.link.id, status: 'active' }, delivery: { status: 'sent', attempts: 1 }, views: [{ viewer: 'anonymous', at: expect.any(String) }] });
      expect(status.body.recipients[1]).toMatchObject({ id: mail.id, views: [] });
      await sleep(300);
      expect(system.twilio.messages.filter((m) => m.to === phone)).toHaveLength(1);
      expect(system.smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
      await auditOf(AuditEventType.ShareCreated, res.body.id);
      await auditOf(AuditEventType.ShareSent, res.body.id);
    });

    it('with Require Authentication on: the code goes to the recipient\'s own phone or email, never a typed destination', async () => {
      await patchSettings({ sessionSharing: { requireAuthentication: true } });
      const phone = '+12025550143';
      const email = 'dave@example.test';
      secrets.push(phone, '2025550143', email);
      const res = await system.api.post('/v1/shares', { video: VIDEO, recipients: [{ phone }, { email }] }, { token: key });
      expect(res.status).toBe(201);
      expect(res.body.requiresCode).toBe(true);
      const [sms, mail] = res.body.recipients;
      expect(sms.requiresCode).toBe(true);
      secrets.push(tokenOf(sms.link.url), tokenOf(mail.link.url));
      await system.twilio.waitForMessages(1, { to: phone });
      await system.smtp.waitForMessages(1, { to: email });

      const smsToken = tokenOf(sms.link.url);
      expect((await view(smsToken)).body).toEqual({ title: VIDEO.title, type: 'share', requires: 'code', to: '+1••••••0143' });
      expect((await view(smsToken, '/media')).body.error).toBe('viewer_token_required');

      // Someone holding a forwarded link cannot have the code sent to themselves.
      const typed = await system.api.post(`/v1/view/${smsToken}/challenge`, { to: '+14155550177' });
      expect(typed.status).toBe(400);
      expect(typed.body.error).toBe('validation_failed');
      await sleep(500);
      expect(system.twilio.messages.filter((m) => m.to === '+14155550177')).toHaveLength(0);

      const challenge = await system.api.post(`/v1/view/${smsToken}/challenge`, {});
      expect(challenge.status).toBe(201);
      expect(challenge.body).toMatchObject({ to: '+1••••••0143', channel: 'sms' });
      await system.twilio.waitForMessages(2, { to: phone });
      const code = system.twilio.lastCodeFor(phone)!;
      const verified = await system.api.post(`/v1/view/${smsToken}/verify`, { challengeId: challenge.body.challengeId, code });
      expect(verified.status).toBe(200);
      const media = await view(smsToken, '/media', verified.body.viewerToken);
      expect(media.status).toBe(302);

      // The email recipient's code goes to their email; the phone recipient's challenge does not open this link.
      const mailToken = tokenOf(mail.link.url);
      const crossed = await system.api.post(`/v1/view/${mailToken}/verify`, { challengeId: challenge.body.challengeId, code });
      expect(crossed.status).toBe(404);
      expect(crossed.body.error).toBe('challenge_not_found');
      expect((await view(mailToken, '/media', verified.body.viewerToken)).status).toBe(401);
      const mailChallenge = await system.api.post(`/v1/view/${mailToken}/challenge`, {});
      expect(mailChallenge.body).toMatchObject({ to: 'd•••@example.test', channel: 'email' });
      await system.smtp.waitForMessages(2, { to: email });
      const mailCode = system.smtp.lastCodeFor(email)!;
      const mailVerified = await system.api.post(`/v1/view/${mailToken}/verify`, { challengeId: mailChallenge.body.challengeId, code: mailCode });
      expect(mailVerified.status).toBe(200);
      expect((await view(mailToken, '/media', mailVerified.body.viewerToken)).status).toBe(302);

      const status = await waitFor('both verified views on the share', async () => {
        const got = await system.api.get(`/v1/shares/${res.body.id}`, { token: key });
        return got.body.recipients.every((r: { views: unknown[] }) => r.views.length === 1) ? got : null;
      });
      expect(status.body.recipients.map((r: { views: { viewer: string }[] }) => r.views[0].viewer)).toEqual(['+1••••••0143', 'd•••@example.test']);

      // The setting applies at the time of sharing: links already sent keep needing a code.
      await patchSettings({ sessionSharing: { requireAuthentication: false } });
      expect((await view(smsToken)).body.requires).toBe('code');
    });

    it('answers 404 share_not_found for an unknown share', async () => {
      const res = await system.api.get('/v1/shares/shr_00000000-0000-4000-8000-000000000000', { token: key });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('share_not_found');
    });
  });

  describe('dead links', () => {
    const deadBodies: unknown[] = [];

    it('expire: expiresAt in the past makes the link 404 link_not_found', async () => {
      const created = await createLink({ type: 'public' });
      const token = tokenOf(created.body.url);
      expect((await view(token)).status).toBe(200);
      await withMongo(system.env.MONGO_URL, (db) => db.collection('links').updateOne({ _id: created.body.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } }));
      for (const path of ['', '/media']) {
        const res = await view(token, path);
        expect(res.status).toBe(404);
        deadBodies.push(res.body);
      }
      expect((await system.api.get(`/v1/links/${created.body.id}`, { token: key })).body.status).toBe('expired');
    });

    it('revoke: DELETE answers 204 and the link is dead at once', async () => {
      const created = await createLink({ type: 'public' });
      const token = tokenOf(created.body.url);
      expect((await view(token, '/media')).status).toBe(302);
      const del = await system.api.delete(`/v1/links/${created.body.id}`, { token: key });
      expect(del.status).toBe(204);
      for (const path of ['', '/media']) {
        const res = await view(token, path);
        expect(res.status).toBe(404);
        deadBodies.push(res.body);
      }
      const challenge = await system.api.post(`/v1/view/${token}/challenge`, {});
      deadBodies.push(challenge.body);
      expect((await system.api.get(`/v1/links/${created.body.id}`, { token: key })).body.status).toBe('revoked');
      expect((await system.api.delete(`/v1/links/${created.body.id}`, { token: key })).status).toBe(204);
      expect((await system.api.delete('/v1/links/lnk_00000000-0000-4000-8000-000000000000', { token: key })).body.error).toBe('link_not_found');
      await auditOf(AuditEventType.LinkRevoked, created.body.id);
    });

    it('maxViews holds under 20 parallel media requests: exactly 5 succeed, then the link is used up', async () => {
      const created = await createLink({ type: 'public', maxViews: 5 });
      const token = tokenOf(created.body.url);
      const results = await Promise.all(Array.from({ length: 20 }, () => view(token, '/media')));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 302)).toHaveLength(5);
      expect(statuses.filter((s) => s === 404)).toHaveLength(15);
      const used = await view(token);
      expect(used.status).toBe(404);
      deadBodies.push(used.body, results.find((r) => r.status === 404)!.body);
      const slots = await withMongo(system.env.MONGO_URL, (db) => db.collection('link_view_slots').countDocuments({ linkId: created.body.id }));
      expect(slots).toBe(5);
      const link = await waitFor('five recorded views', async () => {
        const res = await system.api.get(`/v1/links/${created.body.id}`, { token: key });
        return res.body.views.items.length === 5 ? res : null;
      });
      expect(link.body).toMatchObject({ status: 'used_up', views: { count: 5 } });
    });

    it('answers unknown, revoked, expired and used-up links with one identical 404 body', async () => {
      const unknown = await view('A'.repeat(43));
      const malformed = await view('short');
      const malformedMedia = await view('x'.repeat(90), '/media');
      const all = [unknown.body, malformed.body, malformedMedia.body, ...deadBodies];
      expect(all.length).toBeGreaterThanOrEqual(10);
      for (const body of all) expect(body).toEqual({ statusCode: 404, error: 'link_not_found', message: 'No such link' });
    });
  });

  describe('what is stored, logged and documented', () => {
    it('keeps no link token, phone number, email address or video URL in plaintext in MongoDB', async () => {
      const dump = JSON.stringify(await dumpCollections(system.env.MONGO_URL));
      expect(secrets.length).toBeGreaterThan(15);
      for (const secret of [...secrets, VIDEO.url]) expect({ secret, found: dump.includes(secret) }).toEqual({ secret, found: false });
    });

    it('writes no link token or viewer token to the logs', () => {
      const logs = system.logs();
      expect(logs.length).toBeGreaterThan(0);
      for (const secret of secrets.filter((s) => s.length >= 40)) expect({ secret, found: logs.includes(secret) }).toEqual({ secret, found: false });
    });

    it('documents the sharing paths in the OpenAPI document', async () => {
      const doc = await system.api.get('/docs-json');
      const paths = Object.keys(doc.body.paths);
      for (const p of ['/v1/links', '/v1/links/{id}', '/v1/shares', '/v1/shares/{id}', '/v1/view/{token}', '/v1/view/{token}/challenge', '/v1/view/{token}/verify', '/v1/view/{token}/resend', '/v1/view/{token}/media']) {
        expect(paths).toContain(p);
      }
    });

    // Last: it exhausts this IP's viewer budget for the rest of the minute.
    it('limits the viewer API per IP with 429 and Retry-After', async () => {
      const results: { status: number; retryAfter: string | null }[] = [];
      for (let batch = 0; batch < 8; batch++) {
        const got = await Promise.all(Array.from({ length: 50 }, () => view('B'.repeat(43))));
        results.push(...got.map((r) => ({ status: r.status, retryAfter: r.headers.get('retry-after') })));
      }
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(Number(limited[0].retryAfter)).toBeGreaterThan(0);
      expect(results.every((r) => r.status === 404 || r.status === 429)).toBe(true);
    });
  });
});
