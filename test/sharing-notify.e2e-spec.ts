import { AuditEventType } from '@app/contracts';
import { TestSystem, dumpCollections, waitFor, withMongo, type TestWorkspace } from '@app/testing';

// Starts the whole system; the project's testTimeout does not reach suites run by path.
jest.setTimeout(120000);

const VIDEO = { id: 'vid_n', title: 'Roof inspection <draft>', url: 'https://cdn.example.test/v/roof.mp4' };
const SHARER = 'sharer@example.test';
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sharing: the sharer is emailed when a code-verified viewer opens the video (real system)', () => {
  let system: TestSystem;
  let ws: TestWorkspace;
  let key: string;

  const patchSettings = async (patch: unknown) => {
    const res = await system.api.patch('/v1/settings', patch, { token: ws.adminKey });
    expect(res.status).toBe(200);
    // Each API copy caches settings for a few seconds; the change is broadcast, but give it a moment.
    await sleep(200);
  };
  const noticesTo = (to: string) => system.smtp.messages.filter((m) => m.to.includes(to));
  /** Challenge, code from the fake Twilio, verify: the viewer token of a public_2fa link for `phone`. */
  const verifyPhone = async (token: string, phone: string) => {
    const before = system.twilio.messages.filter((m) => m.to === phone).length;
    const challenge = await system.api.post(`/v1/view/${token}/challenge`, { to: phone });
    expect(challenge.status).toBe(201);
    await system.twilio.waitForMessages(before + 1, { to: phone });
    const verified = await system.api.post(`/v1/view/${token}/verify`, { challengeId: challenge.body.challengeId, code: system.twilio.lastCodeFor(phone)! });
    expect(verified.status).toBe(200);
    return verified.body.viewerToken as string;
  };
  const openMedia = async (token: string, viewerToken?: string) => {
    const media = await system.api.get(`/v1/view/${token}/media`, viewerToken ? { token: viewerToken } : {});
    expect(media.status).toBe(302);
  };
  /** Views are written by the notifier, after which it decides on the notice. */
  const viewsRecorded = (linkId: string, count: number) =>
    waitFor(`${count} views of ${linkId}`, async () => {
      const res = await system.api.get(`/v1/links/${linkId}`, { token: key });
      return res.body.views?.count === count ? res : null;
    });
  /** A new public_2fa link notifying `sharer`, opened by a verified `phone`: the view is recorded, no email follows. */
  const expectVerifiedViewUnnoticed = async (sharer: string, phone: string) => {
    const created = await system.api.post('/v1/links', { video: VIDEO, type: 'public_2fa', notifyEmail: sharer }, { token: key });
    expect(created.status).toBe(201);
    const token = tokenOf(created.body.url);
    await openMedia(token, await verifyPhone(token, phone));
    await viewsRecorded(created.body.id, 1);
    await sleep(1000);
    expect(noticesTo(sharer)).toHaveLength(0);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'sharing-notify' });
    ws = await system.createWorkspace('Notify');
    key = await system.createApiKey(ws, 'service');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('refuses a bad notifyEmail with 400 validation_failed on links and shares, creating nothing', async () => {
    for (const notifyEmail of ['not-an-email', 42]) {
      const link = await system.api.post('/v1/links', { video: VIDEO, type: 'public_2fa', notifyEmail }, { token: key });
      expect({ status: link.status, error: link.body.error }).toEqual({ status: 400, error: 'validation_failed' });
      expect(link.body.details.map((d: { field: string }) => d.field)).toContain('notifyEmail');
      const share = await system.api.post('/v1/shares', { video: VIDEO, recipients: [{ email: 'r@example.test' }], notifyEmail }, { token: key });
      expect({ status: share.status, error: share.body.error }).toEqual({ status: 400, error: 'validation_failed' });
    }
    const counts = await withMongo(system.env.MONGO_URL, async (db) => [await db.collection('links').countDocuments({}), await db.collection('shares').countDocuments({})]);
    expect(counts).toEqual([0, 0]);
  });

  it('is off by default: a verified view of a link with notifyEmail sends the sharer nothing', async () => {
    const settings = await system.api.get('/v1/settings', { token: ws.adminKey });
    expect(settings.body.sessionSharing).toEqual({ requireAuthentication: false, notifySharerOnView: false });
    await expectVerifiedViewUnnoticed('off-sharer@example.test', '+14155550111');
  });

  describe('with notifySharerOnView on', () => {
    let linkId: string;
    let token: string;

    beforeAll(async () => {
      await patchSettings({ sessionSharing: { notifySharerOnView: true } });
      const created = await system.api.post('/v1/links', { video: VIDEO, type: 'public_2fa', notifyEmail: '  Sharer@Example.TEST ' }, { token: key });
      expect(created.status).toBe(201);
      // Normalised, and only ever shown masked.
      expect(created.body.notifyEmail).toBe('s•••@example.test');
      expect(JSON.stringify(created.body)).not.toContain(SHARER);
      linkId = created.body.id;
      token = tokenOf(created.body.url);
      const read = await system.api.get(`/v1/links/${linkId}`, { token: key });
      expect(read.body.notifyEmail).toBe('s•••@example.test');
    });

    it('emails the sharer once, naming the video and the masked viewer, never the full phone', async () => {
      await openMedia(token, await verifyPhone(token, '+14155550102'));
      const [notice] = await system.smtp.waitForMessages(1, { to: SHARER });
      expect(notice.to).toEqual([SHARER]);
      expect(notice.subject).toBe('+1••••••0102 opened "Roof inspection <draft>"');
      expect(notice.text).toContain('Roof inspection <draft>');
      expect(notice.text).toContain('+1••••••0102');
      expect(notice.html).toContain('Roof inspection &lt;draft&gt;');
      for (const part of [notice.subject, notice.text, notice.html]) {
        expect(part).not.toContain('4155550102');
        expect(part).not.toContain(VIDEO.url);
      }

      const audit = await waitFor('share.viewer_notified', () =>
        withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.ShareViewerNotified, 'subject.id': linkId })),
      );
      expect(audit.data).toMatchObject({ viewer: '+1••••••0102', to: 's•••@example.test' });
      expect(JSON.stringify(audit)).not.toContain(SHARER);
      expect(JSON.stringify(audit)).not.toContain('4155550102');
    });

    it('does not email again when the same viewer opens it again, even after verifying anew', async () => {
      await viewsRecorded(linkId, 1);
      const viewerToken = await verifyPhone(token, '+14155550102');
      await openMedia(token, viewerToken);
      await openMedia(token, viewerToken);
      await viewsRecorded(linkId, 3);
      await sleep(1000);
      expect(noticesTo(SHARER)).toHaveLength(1);
    });

    it('emails once more for a different verified viewer', async () => {
      await openMedia(token, await verifyPhone(token, '+14155550103'));
      const notices = await system.smtp.waitForMessages(2, { to: SHARER });
      expect(notices[1].subject).toBe('+1••••••0103 opened "Roof inspection <draft>"');
      await viewsRecorded(linkId, 4);
      await sleep(500);
      expect(noticesTo(SHARER)).toHaveLength(2);
    });

    it('sends nothing for anonymous views of a public link, even with notifyEmail', async () => {
      const created = await system.api.post('/v1/links', { video: VIDEO, type: 'public', notifyEmail: 'public-sharer@example.test' }, { token: key });
      expect(created.status).toBe(201);
      await openMedia(tokenOf(created.body.url));
      await viewsRecorded(created.body.id, 1);
      await sleep(1000);
      expect(noticesTo('public-sharer@example.test')).toHaveLength(0);
    });

    it('emails the sharer of a direct share that needed a code, once', async () => {
      await patchSettings({ sessionSharing: { requireAuthentication: true } });
      const phone = '+14155550104';
      const shareSharer = 'share-sharer@example.test';
      const res = await system.api.post('/v1/shares', { video: VIDEO, recipients: [{ phone }], notifyEmail: shareSharer, locale: 'es' }, { token: key });
      expect(res.status).toBe(201);
      expect(res.body.notifyEmail).toBe('s•••@example.test');
      expect((await system.api.get(`/v1/shares/${res.body.id}`, { token: key })).body.notifyEmail).toBe('s•••@example.test');
      await system.twilio.waitForMessages(1, { to: phone });
      const shareToken = tokenOf(res.body.recipients[0].link.url);
      const challenge = await system.api.post(`/v1/view/${shareToken}/challenge`, {});
      expect(challenge.status).toBe(201);
      await system.twilio.waitForMessages(2, { to: phone });
      const verified = await system.api.post(`/v1/view/${shareToken}/verify`, { challengeId: challenge.body.challengeId, code: system.twilio.lastCodeFor(phone)! });
      expect(verified.status).toBe(200);
      await openMedia(shareToken, verified.body.viewerToken);
      await openMedia(shareToken, verified.body.viewerToken);
      const [notice] = await system.smtp.waitForMessages(1, { to: shareSharer });
      expect(notice.subject).toBe('+1••••••0104 abrió «Roof inspection <draft>»');
      await sleep(1000);
      expect(noticesTo(shareSharer)).toHaveLength(1);
      await patchSettings({ sessionSharing: { requireAuthentication: false } });
    });

    it('sends nothing once the setting is turned off again', async () => {
      await patchSettings({ sessionSharing: { notifySharerOnView: false } });
      await expectVerifiedViewUnnoticed('late-sharer@example.test', '+14155550105');
    });
  });

  describe('what is stored', () => {
    it('keeps no notifyEmail in plaintext in MongoDB', async () => {
      const dump = JSON.stringify(await dumpCollections(system.env.MONGO_URL)).toLowerCase();
      for (const email of [SHARER, 'share-sharer@example.test', 'off-sharer@example.test', 'public-sharer@example.test', 'late-sharer@example.test']) {
        expect({ email, found: dump.includes(email) }).toEqual({ email, found: false });
      }
      expect(dump).toContain('s•••@example.test');
    });
  });
});
