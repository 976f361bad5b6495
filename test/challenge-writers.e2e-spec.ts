import { TestSystem } from '@app/testing';
import { uniquePhone, waitForChallenge, workspaceWith } from './challenges.helpers';

/**
 * FerretDB rewrites whole documents on update, so a provider callback and a verify landing together on one
 * challenge would lose one of the two changes unless every writer takes the challenge's lock.
 */
describe('writers of one challenge do not lose each other\'s changes', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'writers' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('keeps both the approval and the delivery status when a verify and a status callback arrive together', async () => {
    const ws = await workspaceWith(system);
    const rounds = 12;
    const challenges = await Promise.all(
      Array.from({ length: rounds }, async () => {
        const to = uniquePhone();
        const res = await system.api.post('/v1/challenges', { channel: 'sms', to }, { token: ws.key });
        expect(res.status).toBe(201);
        return { id: res.body.id as string, to };
      }),
    );
    for (const c of challenges) await waitForChallenge(system, ws.key, c.id, 'the send recorded', (b) => b.delivery.status === 'sent');

    await Promise.all(
      challenges.map(async (c) => {
        const [sms] = await system.twilio.waitForMessages(1, { to: c.to });
        const [verify, callback] = await Promise.all([
          system.api.post(`/v1/challenges/${c.id}/verify`, { code: system.twilio.lastCodeFor(c.to) }, { token: ws.key }),
          system.twilio.sendStatusCallback(sms, 'delivered'),
        ]);
        expect(verify.status).toBe(200);
        expect(callback.status).toBe(200);
      }),
    );

    for (const c of challenges) {
      const res = await system.api.get(`/v1/challenges/${c.id}`, { token: ws.key });
      expect({ id: c.id, status: res.body.status, delivery: res.body.delivery.status }).toEqual({ id: c.id, status: 'approved', delivery: 'delivered' });
    }
  });
});
