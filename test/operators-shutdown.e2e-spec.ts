import { Queue, type JobType } from 'bullmq';
import Redis from 'ioredis';
import { TestSystem, waitFor } from '@app/testing';

jest.setTimeout(120000);

const BATCH = 12;
const DELAY_MS = 1200;

async function notifierGauge(system: TestSystem, state: string): Promise<number> {
  const text = await (await fetch(`${system.app('notifier').url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('queue_jobs{') && l.includes('queue="deliveries"') && l.includes(`state="${state}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('graceful shutdown: SIGTERM to the notifier while it delivers', () => {
  let system: TestSystem;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'opsshutdown', env: { WORKER_CONCURRENCY: '4', SHUTDOWN_TIMEOUT_MS: '20000', DELIVERY_RATE_PER_SECOND: '1000' } });
    redis = new Redis(system.env.REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('deliveries', { connection: redis, prefix: system.env.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await system?.stop();
  });

  it('finishes the jobs in hand, exits 0, and after a restart every message went out exactly once', async () => {
    const ws = await system.createWorkspace('Shutdown');
    const phones = Array.from({ length: BATCH }, (_, i) => `+1415555${String(2000 + i)}`);
    // Every provider call answers slowly, so jobs are in hand when the signal arrives.
    system.twilio.delayNext(DELAY_MS, BATCH);
    const ids: string[] = [];
    for (const to of phones) {
      const res = await system.api.post('/v1/challenges', { channel: 'sms', to }, { token: ws.adminKey });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await waitFor('the notifier to hold jobs', async () => ((await notifierGauge(system, 'active')) > 0 ? true : undefined), 15000, 50);

    const notifier = system.app('notifier');
    const code = await notifier.stop('SIGTERM');
    expect(code).toBe(0);
    const output = notifier.output();
    expect(output).toContain('SIGTERM received: draining');
    expect(output).toContain('workers drained');
    // Some, not all, went out before the stop: the test really interrupted a batch.
    const sentBeforeStop = system.twilio.accepted.length;
    expect(sentBeforeStop).toBeGreaterThan(0);
    expect(sentBeforeStop).toBeLessThan(BATCH);
    // Nothing was left active (held by a dead worker, to be found stalled later).
    expect((await queue.getJobCounts('active')).active).toBe(0);

    await system.startApp('notifier');
    await system.twilio.waitForMessages(BATCH, { timeoutMs: 30000 });
    // The queue also carries the hourly purge scheduler's job: count challenge jobs only.
    const challengeJobs = async (state: JobType) => (await queue.getJobs([state])).filter((j) => j.name === 'challenge');
    await waitFor('every challenge job completed', async () => ((await challengeJobs('completed')).length >= BATCH ? true : undefined), 15000);
    // A little longer, so a doubled delivery would have time to show.
    await new Promise((r) => setTimeout(r, 1500));

    for (const to of phones) expect(system.twilio.accepted.filter((m) => m.to === to)).toHaveLength(1);
    for (const state of ['failed', 'active', 'waiting', 'delayed'] as const) expect(await challengeJobs(state)).toHaveLength(0);
    const jobs = await challengeJobs('completed');
    expect(jobs).toHaveLength(BATCH);
    for (const job of jobs) {
      expect(job.stalledCounter ?? 0).toBe(0);
      expect(job.attemptsMade).toBeLessThanOrEqual(1);
    }
    for (const id of ids) {
      const res = await system.api.get(`/v1/challenges/${id}`, { token: ws.adminKey });
      expect(res.body.delivery.status).not.toBe('failed');
    }
  });

  it('exits within the shutdown bound when a job will not finish', async () => {
    await system.app('notifier').stop('SIGTERM');
    await system.startApp('notifier', { SHUTDOWN_TIMEOUT_MS: '1000' });
    const ws = await system.createWorkspace('Shutdown bound');
    system.twilio.delayNext(8000, 1);
    const res = await system.api.post('/v1/challenges', { channel: 'sms', to: '+14155553999' }, { token: ws.adminKey });
    expect(res.status).toBe(201);
    await waitFor('the notifier to hold the job', async () => ((await notifierGauge(system, 'active')) > 0 ? true : undefined), 15000, 50);
    const started = Date.now();
    const code = await system.app('notifier').stop('SIGTERM');
    const took = Date.now() - started;
    // Bounded: SHUTDOWN_TIMEOUT_MS (1 s) plus the 2 s guard margin, not the 8 s the provider takes.
    expect(took).toBeLessThan(6000);
    expect(code).toBe(1);
    expect(system.app('notifier').output()).toContain('shutdown timed out');
  });
});
