import Redis from 'ioredis';
import { jobIdFor } from '@app/contracts';
import { TestSystem, waitFor } from '@app/testing';
import { challengeDoc, uniquePhone, workspaceWith } from './challenges.helpers';

// When jest runs one file in-band the project's testTimeout is not applied to hooks, so say it here.
jest.setTimeout(150_000);

describe('challenges: a worker killed after the provider accepted does not send twice', () => {
  let system: TestSystem;
  let redis: Redis;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'chcrash' });
    redis = new Redis(system.env.REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
  });

  it('SIGKILL between "Twilio accepted" and "job completed", restart: the job completes and the person got exactly one SMS', async () => {
    const ws = await workspaceWith(system);
    // This notifier holds each job for a minute right after the provider accepted and the message id was recorded.
    await system.app('notifier').stop();
    const paused = await system.startApp('notifier', { CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS: '60000' });

    const phone = uniquePhone();
    const { body } = await system.api.post('/v1/challenges', { channel: 'sms', to: phone }, { token: ws.key });
    expect(body.status).toBe('pending');
    await system.twilio.waitForMessages(1, { to: phone });
    await waitFor('provider message id recorded', async () => (await challengeDoc(system, body.id))?.delivery.providerMessageId);

    const jobKey = `${system.env.QUEUE_PREFIX}:deliveries:${jobIdFor.challenge(body.id, 1)}`;
    paused.process.kill('SIGKILL');
    expect(await paused.exited).toBeNull();
    // The job was taken but never finished.
    expect(await redis.hget(jobKey, 'finishedOn')).toBeNull();
    expect(await redis.hget(jobKey, 'processedOn')).not.toBeNull();

    await system.startApp('notifier');
    // BullMQ hands a stalled job to a live worker once the dead worker's lock has run out (~30-60 s).
    await waitFor('the stalled job completed by the restarted worker', async () => (await redis.hget(jobKey, 'finishedOn')) !== null, 110_000, 500);
    expect(await redis.hget(jobKey, 'failedReason')).toBeNull();

    expect(system.twilio.messages.filter((m) => m.to === phone)).toHaveLength(1);
    const verify = await system.api.post(`/v1/challenges/${body.id}/verify`, { code: system.twilio.lastCodeFor(phone) }, { token: ws.key });
    expect(verify.status).toBe(200);
    expect(system.app('notifier').output()).toContain('already_accepted');
  }, 150_000);
});
