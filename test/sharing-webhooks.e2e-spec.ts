import { AuditEventType } from '@app/contracts';
import { TestSystem, waitFor, withMongo } from '@app/testing';
import { auditEvents, uniquePhone, waitForAudit, workspaceWith, type ChallengeWorkspace } from './challenges.helpers';

// Starts the whole system; the project's testTimeout does not reach suites run by path.
jest.setTimeout(120000);

const VIDEO = { id: 'vid_1', title: 'Kitchen walkthrough', url: 'https://cdn.example.test/v/kitchen-walkthrough.mp4' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sharing: Twilio status callbacks for share SMS and the per-destination send limit, on the real system', () => {
  let system: TestSystem;
  let ws: ChallengeWorkspace;

  const share = (key: string, recipients: Record<string, string>[]) => system.api.post('/v1/shares', { video: VIDEO, recipients }, { token: key });
  const getShare = (id: string) => system.api.get(`/v1/shares/${id}`, { token: ws.key });
  /** The share's only recipient once the notifier recorded that Twilio accepted the SMS. */
  const sentShare = async (phone: string) => {
    const res = await share(ws.key, [{ phone }]);
    expect(res.status).toBe(201);
    const [msg] = await system.twilio.waitForMessages(1, { to: phone });
    await waitFor(`share ${res.body.id} sent`, async () => ((await getShare(res.body.id)).body.recipients?.[0]?.delivery.status === 'sent' ? true : null));
    return { id: res.body.id as string, msg };
  };

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'sharing-webhooks' });
    ws = await workspaceWith(system);
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('status callbacks', () => {
    it('records delivered on the share recipient, shows it on GET /v1/shares/:id and audits it masked', async () => {
      const phone = uniquePhone();
      const { id, msg } = await sentShare(phone);
      expect(msg.statusCallback).toBe(`${system.env.PUBLIC_BASE_URL}/v1/webhooks/twilio/status`);

      const callback = await system.twilio.sendStatusCallback(msg, 'delivered');
      expect(callback.status).toBe(200);
      expect(JSON.parse(callback.body)).toEqual({ recorded: true });
      const got = await getShare(id);
      expect(got.body.recipients[0].delivery).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(got.body.recipients[0].delivery.lastError).toBeUndefined();

      const [event] = await waitForAudit(system, ws.id, AuditEventType.DeliveryStatusUpdated, id);
      expect(event.subject).toEqual({ kind: 'share', id });
      expect(event.data).toEqual({ recipientId: got.body.recipients[0].id, channel: 'sms', to: got.body.recipients[0].to, status: 'delivered' });
      expect(JSON.stringify(event)).not.toContain(phone.slice(2));
    });

    it('records undelivered with Twilio\'s ErrorCode, and a later callback does not overwrite the verdict', async () => {
      const { id, msg } = await sentShare(uniquePhone());
      expect((await system.twilio.sendStatusCallback(msg, 'undelivered', { errorCode: 30003 })).status).toBe(200);
      expect((await getShare(id)).body.recipients[0].delivery).toMatchObject({ status: 'undelivered', lastError: '30003' });
      const [event] = await waitForAudit(system, ws.id, AuditEventType.DeliveryStatusUpdated, id);
      expect(event.data).toMatchObject({ status: 'undelivered', errorCode: '30003' });

      const late = await system.twilio.sendStatusCallback(msg, 'delivered');
      expect(late.status).toBe(200);
      expect(JSON.parse(late.body)).toEqual({ recorded: false });
      expect((await getShare(id)).body.recipients[0].delivery).toMatchObject({ status: 'undelivered', lastError: '30003' });
      await sleep(500);
      expect(await auditEvents(system, ws.id, AuditEventType.DeliveryStatusUpdated, id)).toHaveLength(1);
    });

    it('answers 403 invalid_signature to a forged callback and changes nothing', async () => {
      const { id, msg } = await sentShare(uniquePhone());
      const forged = await system.twilio.sendStatusCallback(msg, 'delivered', { authToken: 'forged-token' });
      expect(forged.status).toBe(403);
      expect(JSON.parse(forged.body).error).toBe('invalid_signature');
      await sleep(500);
      expect((await getShare(id)).body.recipients[0].delivery.status).toBe('sent');
      expect(await auditEvents(system, ws.id, AuditEventType.DeliveryStatusUpdated, id)).toHaveLength(0);
    });
  });

  describe('per-destination limit', () => {
    it('counts share SMS against codes.maxSendsPerDestinationPerHour: the third share to a phone answers 429 and sends and creates nothing', async () => {
      const limited = await workspaceWith(system, { codes: { maxSendsPerDestinationPerHour: 2 } });
      const phone = uniquePhone();
      const other = uniquePhone();
      expect((await share(limited.key, [{ phone }])).status).toBe(201);
      expect((await share(limited.key, [{ phone }])).status).toBe(201);
      await system.twilio.waitForMessages(2, { to: phone });

      const third = await share(limited.key, [{ phone }]);
      expect(third.status).toBe(429);
      expect(third.body.error).toBe('destination_rate_limited');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3500);

      // One recipient over the limit refuses the whole share before anything exists or is counted.
      const mixed = await share(limited.key, [{ phone: other }, { phone }]);
      expect(mixed.status).toBe(429);
      expect(mixed.body.error).toBe('destination_rate_limited');

      await sleep(1000);
      expect(system.twilio.messages.filter((m) => m.to === phone)).toHaveLength(2);
      expect(system.twilio.messages.filter((m) => m.to === other)).toHaveLength(0);
      const stored = await withMongo(system.env.MONGO_URL, async (db) => ({
        shares: await db.collection('shares').countDocuments({ workspaceId: limited.id }),
        recipients: await db.collection('share_recipients').countDocuments({ workspaceId: limited.id }),
        links: await db.collection('links').countDocuments({ workspaceId: limited.id }),
      }));
      expect(stored).toEqual({ shares: 2, recipients: 2, links: 2 });
      // The refused mixed share did not use up the other phone's sends.
      expect((await share(limited.key, [{ phone: other }])).status).toBe(201);
      expect((await share(limited.key, [{ phone: other }])).status).toBe(201);
      await system.twilio.waitForMessages(2, { to: other });
    });
  });
});
