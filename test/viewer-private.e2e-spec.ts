import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { AuditEventType } from '@app/contracts';
import { TestSystem, launchChromium, newPhonePage, waitFor, withMongo, type TestWorkspace } from '@app/testing';

// Real processes, scrypt, the audit worker and a browser.
jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';
const SHOTS = join(process.cwd(), 'test-output', 'viewer');
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

function claimsOf(token: string): { sub: string; ws: string; amr: string[] } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('private links: members sign in through the viewer', () => {
  let system: TestSystem;
  let ws: TestWorkspace;
  let videoServer: Server;
  let videoUrl: string;

  const member = async (adminKey: string, username: string, phone?: string) => {
    const res = await system.api.post('/v1/members', { username, password: PASSWORD, ...(phone ? { phone } : {}) }, { token: adminKey });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const createLink = async (type: string) => {
    const res = await system.api.post('/v1/links', { type, video: { id: 'vid_private', title: 'Board meeting', url: videoUrl } }, { token: ws.adminKey });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, url: res.body.url as string, token: tokenOf(res.body.url) };
  };
  const setCodeRequired = async (on: boolean) => {
    const res = await system.api.patch('/v1/settings', { authentication: { codeRequired: on } }, { token: ws.adminKey });
    expect(res.status).toBe(200);
  };
  const login = (token: string, body: Record<string, unknown>) => system.api.post(`/v1/view/${token}/login`, body);
  const verify = (token: string, challengeId: string, code: string) => system.api.post(`/v1/view/${token}/login/verify`, { challengeId, code });
  const media = (token: string, bearer?: string) => system.api.get(`/v1/view/${token}/media`, bearer ? { token: bearer } : {});
  const auditOf = (type: string, subjectId: string) =>
    waitFor(`${type} for ${subjectId}`, () => withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type, 'subject.id': subjectId })));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    videoServer = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => videoServer.listen(0, '127.0.0.1', r));
    videoUrl = `http://127.0.0.1:${(videoServer.address() as AddressInfo).port}/videos/board.mp4`;
    system = await TestSystem.start({ suite: 'viewerprivate' });
    ws = await system.createWorkspace('Private');
  });
  afterAll(async () => {
    await system?.stop();
    await new Promise((r) => videoServer?.close(r));
  });

  describe('the API', () => {
    afterEach(() => setCodeRequired(false));

    it('with "2FA Code Required" off: username and password give a member token that opens the media', async () => {
      const m = await member(ws.adminKey, 'paula');
      const link = await createLink('private');
      expect((await media(link.token)).body.error).toBe('member_login_required');

      const res = await login(link.token, { username: 'PAULA', password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'authenticated', accessToken: expect.any(String), expiresIn: 900 });
      expect(claimsOf(res.body.accessToken)).toMatchObject({ sub: m.id, ws: ws.id, amr: ['pwd'] });
      expect(res.headers.get('cache-control')).toBe('no-store');

      const ok = await media(link.token, res.body.accessToken);
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe(videoUrl);

      // Audited like any login, naming the link it came through.
      const event = await auditOf(AuditEventType.LoginSucceeded, m.id);
      expect(event.actor).toEqual({ kind: 'viewer', id: 'anonymous' });
      expect(event.data).toEqual({ amr: ['pwd'], linkId: link.id });
    });

    it('with "2FA Code Required" on: the code from the SMS completes the sign-in, then the media opens', async () => {
      const phone = '+14155550311';
      const m = await member(ws.adminKey, 'quinn', phone);
      const link = await createLink('private');
      await setCodeRequired(true);

      const res = await login(link.token, { username: 'quinn', password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'code_required', challengeId: expect.stringMatching(/^chl_/), channel: 'sms', to: '+1••••••0311', expiresAt: expect.any(String) });
      await system.twilio.waitForMessages(1, { to: phone });
      const code = system.twilio.lastCodeFor(phone)!;

      const wrong = await verify(link.token, res.body.challengeId, code === '000000' ? '111111' : '000000');
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ error: 'invalid_code', details: { attemptsRemaining: 4 } });

      const ok = await verify(link.token, res.body.challengeId, code);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: 'authenticated', accessToken: expect.any(String), expiresIn: 900 });
      expect(claimsOf(ok.body.accessToken)).toMatchObject({ sub: m.id, ws: ws.id, amr: ['pwd', 'sms', 'mfa'] });

      const played = await media(link.token, ok.body.accessToken);
      expect(played.status).toBe(302);
      expect(played.headers.get('location')).toBe(videoUrl);
      expect((await verify(link.token, res.body.challengeId, code)).body.error).toBe('challenge_not_pending');
      expect((await auditOf(AuditEventType.LoginCodeRequired, m.id)).data).toMatchObject({ linkId: link.id });
    });

    it('looks only in the link\'s workspace: another workspace\'s member and a wrong password get the same 401', async () => {
      const other = await system.createWorkspace('Elsewhere');
      await member(other.adminKey, 'outsider');
      // The outsider's own workspace does log them in: the refusal below is about the link's workspace.
      const elsewhere = await system.createApiKey(other, 'service');
      expect((await system.api.post('/v1/auth/login', { username: 'outsider', password: PASSWORD }, { token: elsewhere })).status).toBe(200);

      await member(ws.adminKey, 'rita');
      const link = await createLink('private');
      const foreign = await login(link.token, { username: 'outsider', password: PASSWORD });
      const wrong = await login(link.token, { username: 'rita', password: 'not the password at all' });
      expect(foreign.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(foreign.body).toEqual({ statusCode: 401, error: 'invalid_credentials', message: expect.any(String) });
      expect(wrong.body).toEqual(foreign.body);
    });

    it('refuses other link types with 409 login_not_required, dead links with 404 link_not_found, bad bodies with 400', async () => {
      await member(ws.adminKey, 'sam');
      const pub = await createLink('public');
      const res = await login(pub.token, { username: 'sam', password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'login_not_required' });
      expect((await verify(pub.token, 'chl_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d', '123456')).body.error).toBe('login_not_required');

      expect((await login('Z'.repeat(43), { username: 'sam', password: PASSWORD })).body.error).toBe('link_not_found');
      const priv = await createLink('private');
      expect((await system.api.delete(`/v1/links/${priv.id}`, { token: ws.adminKey })).status).toBe(204);
      const revoked = await login(priv.token, { username: 'sam', password: PASSWORD });
      expect([revoked.status, revoked.body.error]).toEqual([404, 'link_not_found']);

      const live = await createLink('private');
      const bad = await login(live.token, { username: 'sam' });
      expect([bad.status, bad.body.error]).toEqual([400, 'validation_failed']);
    });

    it('describes both endpoints in /docs-json', async () => {
      const doc = await system.api.get('/docs-json');
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/view/{token}/login', '/v1/view/{token}/login/verify']));
    });
  });

  describe('the viewer page in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('at 360 px: signs in, takes the code, plays the video, and keeps the token out of storage and the URL', async () => {
      const phone = '+14155550322';
      await member(ws.adminKey, 'tess', phone);
      const link = await createLink('private');
      await setCodeRequired(true);
      try {
        const { page, problems } = await newPhonePage(browser);

        await page.goto(link.url);
        await page.waitForSelector('#signin-username', { state: 'visible' });
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('signin-username');
        const fields = await page.$$eval('#signin-form input', (els) =>
          els.map((el) => ({ id: el.id, type: el.getAttribute('type'), autocomplete: el.getAttribute('autocomplete'), label: document.querySelector(`label[for="${el.id}"]`)?.textContent })),
        );
        expect(fields).toEqual([
          { id: 'signin-username', type: 'text', autocomplete: 'username', label: 'Username' },
          { id: 'signin-password', type: 'password', autocomplete: 'current-password', label: 'Password' },
        ]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

        // A wrong password first: told so, still on the form.
        await page.fill('#signin-username', 'tess');
        await page.fill('#signin-password', 'not the password at all');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => /not right/.test(document.getElementById('message')!.textContent ?? ''));
        expect(await page.isVisible('#signin-form')).toBe(true);
        expect(await page.inputValue('#signin-password')).toBe('');

        await page.fill('#signin-password', PASSWORD);
        await page.screenshot({ path: join(SHOTS, '07-private-signin.png'), fullPage: true });
        await page.keyboard.press('Enter');

        await page.waitForSelector('#code-input', { state: 'visible' });
        expect(await page.textContent('#code-to')).toBe('+1••••••0322');
        expect(await page.isVisible('#resend')).toBe(false);
        expect(await page.isVisible('#restart')).toBe(true);
        await system.twilio.waitForMessages(1, { to: phone });
        await page.keyboard.type(system.twilio.lastCodeFor(phone)!);
        await page.keyboard.press('Enter');

        await page.waitForSelector('video[src]', { state: 'visible' });
        expect(await page.getAttribute('video', 'src')).toBe(videoUrl);
        await page.screenshot({ path: join(SHOTS, '08-private-video.png'), fullPage: true });

        expect(page.url()).toBe(link.url);
        expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
        expect(problems).toEqual([]);
        await page.context().close();
      } finally {
        await setCodeRequired(false);
      }
    });
  });
});
