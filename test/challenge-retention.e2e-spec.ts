import { Queue } from 'bullmq';
import { JobName, QueueName } from '@app/contracts';
import { TestSystem, editChallengeWhenSent, waitFor } from '@app/testing';
import { challengeDoc, uniquePhone, workspaceWith } from './challenges.helpers';

describe('expired challenges are purged by a scheduled job (no TTL index does it)', () => {
  let system: TestSystem;
  let queue: Queue;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'retention', env: { CHALLENGE_RETENTION_HOURS: '24' } });
    queue = new Queue(QueueName.Deliveries, { connection: { url: system.env.REDIS_URL }, prefix: system.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await queue?.close();
    await system?.stop();
  });

  it('schedules the purge when the notifier starts', async () => {
    const schedulers = await waitFor('the challenge-purge scheduler', async () => {
      const found = await queue.getJobSchedulers();
      return found.some((s) => s.name === JobName.ChallengePurge) ? found : null;
    });
    expect(schedulers.find((s) => s.name === JobName.ChallengePurge)?.every).toBe(3600_000);
  });

  it('deletes challenges that expired longer ago than the retention, and keeps the rest', async () => {
    const ws = await workspaceWith(system);
    const create = async () => (await system.api.post('/v1/challenges', { channel: 'sms', to: uniquePhone() }, { token: ws.key })).body.id as string;
    const [old, recentlyExpired, live] = [await create(), await create(), await create()];
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    await editChallengeWhenSent(system.env.MONGO_URL, old, { expiresAt: hoursAgo(25) });
    await editChallengeWhenSent(system.env.MONGO_URL, recentlyExpired, { expiresAt: hoursAgo(2) });

    const job = await queue.add(JobName.ChallengePurge, {}, { jobId: 'purge-now' });
    await waitFor('the purge job to finish', async () => (await job.isCompleted()) || null);

    expect(await challengeDoc(system, old)).toBeNull();
    expect(await challengeDoc(system, recentlyExpired)).not.toBeNull();
    expect(await challengeDoc(system, live)).not.toBeNull();
    const gone = await system.api.get(`/v1/challenges/${old}`, { token: ws.key });
    expect(gone.status).toBe(404);
  });
});
