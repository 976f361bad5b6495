import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TestSystem, launchChromium, waitFor } from '@app/testing';

jest.setTimeout(120000);

const DASHBOARD = { user: 'ops', password: 'dashboard-password-0123' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const OUTPUT = join(__dirname, '..', 'test-output');

/** Prometheus text exposition: every sample line `name{labels} value`, everything else a comment. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}
function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((acc, s) => acc + s.value, 0);
}
async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

/** A random valid US number per test, so one test's messages never satisfy another's wait. */
const phone = () => `+1415555${String(1000 + Math.floor(Math.random() * 8999)).padStart(4, '0')}`;

describe('operators: dashboard, metrics and logs on the running system', () => {
  let system: TestSystem;
  let ws: { id: string; adminKey: string };

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'operators', env: { DASHBOARD_USER: DASHBOARD.user, DASHBOARD_PASSWORD: DASHBOARD.password } });
    ws = await system.createWorkspace('Operators');
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** create → SMS → verify; returns what a test may need to look for. */
  async function fullChallenge(requestId?: string) {
    const to = phone();
    const headers = requestId ? { 'x-request-id': requestId } : undefined;
    const created = await system.api.post('/v1/challenges', { channel: 'sms', to }, { token: ws.adminKey, headers });
    expect(created.status).toBe(201);
    await system.twilio.waitForMessages(1, { to, timeoutMs: 15000 });
    const code = system.twilio.lastCodeFor(to)!;
    const verified = await system.api.post(`/v1/challenges/${created.body.id}/verify`, { code }, { token: ws.adminKey });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('approved');
    return { id: created.body.id as string, to, code };
  }

  describe('queue dashboard at /admin/queues', () => {
    it('answers 401 with a Basic challenge without credentials or with wrong ones', async () => {
      for (const authorization of [undefined, basic(DASHBOARD.user, 'wrong-password-000'), basic('other', DASHBOARD.password), 'Bearer not-the-operator-token', `Bearer ${ws.adminKey}`]) {
        const res = await fetch(`${system.app('api').url}/admin/queues`, { headers: authorization ? { authorization } : {} });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
        expect(await res.json()).toMatchObject({ statusCode: 401, error: 'unauthorized' });
      }
      // The JSON API and the static assets behind the page are guarded too, not only the entry page.
      const api = await fetch(`${system.app('api').url}/admin/queues/api/queues`);
      expect(api.status).toBe(401);
    });

    it('answers 200 with the operator token and with the dashboard credentials, listing every queue', async () => {
      for (const authorization of [`Bearer ${system.operatorToken}`, basic(DASHBOARD.user, DASHBOARD.password)]) {
        const page = await fetch(`${system.app('api').url}/admin/queues`, { headers: { authorization } });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        const api = await fetch(`${system.app('api').url}/admin/queues/api/queues`, { headers: { authorization } });
        expect(api.status).toBe(200);
        const body = (await api.json()) as { queues: { name: string; readOnlyMode: boolean; allowRetries: boolean }[] };
        expect(body.queues.map((q) => q.name).sort()).toEqual(['audit', 'deliveries']);
        for (const q of body.queues) expect(q).toMatchObject({ readOnlyMode: false, allowRetries: true });
      }
    });

    it('shows job data without codes or destinations, and refuses to write job data', async () => {
      const { to, code } = await fullChallenge();
      const authorization = `Bearer ${system.operatorToken}`;
      const jobs = await waitFor('the challenge job listed as completed', async () => {
        const res = await fetch(`${system.app('api').url}/admin/queues/api/queues?activeQueue=deliveries&status=completed&page=1`, { headers: { authorization } });
        const body = (await res.json()) as { queues: { name: string; jobs: { name: string; data: unknown }[] }[] };
        const list = body.queues.find((q) => q.name === 'deliveries')!.jobs;
        return list.some((j) => j.name === 'challenge') ? body : undefined;
      });
      const text = JSON.stringify(jobs);
      expect(text).not.toContain(to);
      expect(text).not.toContain(to.slice(2));
      expect(text).not.toContain(code);
      const add = await fetch(`${system.app('api').url}/admin/queues/api/queues/deliveries/add`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'challenge', data: { to } }),
      });
      expect(add.status).toBe(403);
    });

    it('retries a failed job from the dashboard', async () => {
      // Every attempt fails at the provider (transient 503), so the job ends in the failed set.
      system.twilio.failAll({ status: 503, code: 20503, message: 'Service unavailable' });
      const to = phone();
      try {
        const created = await system.api.post('/v1/challenges', { channel: 'sms', to }, { token: ws.adminKey });
        expect(created.status).toBe(201);
        const authorization = `Bearer ${system.operatorToken}`;
        const failed = await waitFor('a failed challenge job', async () => {
          const res = await fetch(`${system.app('api').url}/admin/queues/api/queues?activeQueue=deliveries&status=failed&page=1`, { headers: { authorization } });
          const body = (await res.json()) as { queues: { name: string; jobs: { id: string; name: string; timestamp: number }[] }[] };
          return body.queues.find((q) => q.name === 'deliveries')!.jobs.find((j) => j.name === 'challenge');
        }, 30000);
        system.twilio.clearFailures();
        // Each refused attempt was counted, with the provider's error code.
        const refused = sum(await scrape(system.app('notifier').url), 'deliveries_total', { channel: 'sms', outcome: 'transient_error' });
        expect(refused).toBeGreaterThanOrEqual(4);
        const retry = await fetch(`${system.app('api').url}/admin/queues/api/queues/deliveries/${encodeURIComponent(failed.id)}/retry`, { method: 'PUT', headers: { authorization } });
        expect(retry.status).toBeLessThan(300);
        await waitFor('the retried job to leave the failed set', async () => {
          const res = await fetch(`${system.app('api').url}/admin/queues/api/queues/deliveries/${encodeURIComponent(failed.id)}`, { headers: { authorization } });
          const body = (await res.json()) as { job: { id: string; finishedOn?: number; failedReason?: string }; status: string };
          return body.status !== 'failed' ? body : undefined;
        }, 20000);
      } finally {
        system.twilio.clearFailures();
      }
    });

    it('renders in headless Chromium with the queues listed (screenshot in test-output/dashboard.png)', async () => {
      mkdirSync(OUTPUT, { recursive: true });
      const browser = await launchChromium();
      try {
        const context = await browser.newContext({ httpCredentials: { username: DASHBOARD.user, password: DASHBOARD.password }, viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const res = await page.goto(`${system.app('api').url}/admin/queues`);
        expect(res?.status()).toBe(200);
        await page.getByText('deliveries', { exact: false }).first().waitFor({ timeout: 20000 });
        await page.getByText('audit', { exact: false }).first().waitFor({ timeout: 20000 });
        // The overview fills in after its first API call; the screenshot should show it, not the spinner.
        await page.getByText('Loading...').first().waitFor({ state: 'detached', timeout: 20000 });
        await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });
        const text = await page.locator('body').innerText();
        expect(text).toMatch(/deliveries/i);
        expect(text).toMatch(/audit/i);
      } finally {
        await browser.close();
      }
    });
  });

  describe('/metrics', () => {
    it('is Prometheus text on all three apps, public, with process metrics and queue depth gauges', async () => {
      for (const name of ['api', 'notifier', 'audit'] as const) {
        const samples = await scrape(system.app(name).url);
        expect(samples.find((s) => s.name === 'process_cpu_user_seconds_total')?.labels.app).toBe(name);
        for (const queue of ['deliveries', 'audit']) {
          for (const state of ['waiting', 'active', 'delayed', 'failed']) {
            expect(samples.some((s) => s.name === 'queue_jobs' && s.labels.queue === queue && s.labels.state === state)).toBe(true);
          }
        }
      }
    });

    it('moves its counters after a challenge: HTTP by route pattern, jobs, deliveries, verifications', async () => {
      const api0 = await scrape(system.app('api').url);
      const notifier0 = await scrape(system.app('notifier').url);
      const { id } = await fullChallenge();
      await system.api.get(`/v1/challenges/${id}`, { token: ws.adminKey });
      const api1 = await scrape(system.app('api').url);
      const notifier1 = await waitFor('the notifier to count the delivery job', async () => {
        const s = await scrape(system.app('notifier').url);
        return sum(s, 'jobs_completed_total', { queue: 'deliveries', job_name: 'challenge' }) > sum(notifier0, 'jobs_completed_total', { queue: 'deliveries', job_name: 'challenge' }) ? s : undefined;
      });

      const count = (s: Sample[], labels: Record<string, string>) => sum(s, 'http_request_duration_seconds_count', labels);
      expect(count(api1, { method: 'POST', route: '/v1/challenges', status: '201' })).toBe(count(api0, { method: 'POST', route: '/v1/challenges', status: '201' }) + 1);
      expect(count(api1, { method: 'POST', route: '/v1/challenges/:id/verify', status: '200' })).toBe(count(api0, { method: 'POST', route: '/v1/challenges/:id/verify', status: '200' }) + 1);
      // The route pattern, never the id (or a token) from the URL.
      expect(count(api1, { method: 'GET', route: '/v1/challenges/:id', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(api1.some((s) => s.name.startsWith('http_request') && Object.values(s.labels).some((v) => v.includes(id)))).toBe(false);

      expect(sum(api1, 'verifications_total', { outcome: 'approved' })).toBe(sum(api0, 'verifications_total', { outcome: 'approved' }) + 1);
      expect(sum(notifier1, 'deliveries_total', { channel: 'sms', outcome: 'sent' })).toBeGreaterThan(sum(notifier0, 'deliveries_total', { channel: 'sms', outcome: 'sent' }));
      expect(sum(notifier1, 'job_duration_seconds_count', { queue: 'deliveries', job_name: 'challenge', outcome: 'completed' })).toBeGreaterThan(0);
      const audit = await scrape(system.app('audit').url);
      expect(sum(audit, 'jobs_completed_total', { queue: 'audit', job_name: 'audit-event' })).toBeGreaterThan(0);
    });

    it('counts a wrong code as verifications_total{outcome="invalid_code"}', async () => {
      const before = sum(await scrape(system.app('api').url), 'verifications_total', { outcome: 'invalid_code' });
      const to = phone();
      const created = await system.api.post('/v1/challenges', { channel: 'sms', to }, { token: ws.adminKey });
      const code = (await system.twilio.waitForMessages(1, { to, timeoutMs: 15000 })) && system.twilio.lastCodeFor(to)!;
      const wrong = code === '000000' ? '111111' : '000000';
      const res = await system.api.post(`/v1/challenges/${created.body.id}/verify`, { code: wrong.slice(0, code.length) }, { token: ws.adminKey });
      expect(res.status).toBe(422);
      expect(sum(await scrape(system.app('api').url), 'verifications_total', { outcome: 'invalid_code' })).toBe(before + 1);
    });
  });

  describe('logs', () => {
    it('follow one request id from the API request into the notifier and audit jobs, without the code or the phone number', async () => {
      const requestId = `ops-${randomBytes(8).toString('hex')}`;
      const { to, code } = await fullChallenge(requestId);
      const lines = (name: 'api' | 'notifier' | 'audit') =>
        system
          .app(name)
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      const apiLine = await waitFor('an api log line with the request id', async () => lines('api').find((l) => l.requestId === requestId));
      const notifierLine = await waitFor('a notifier job line with the request id', async () =>
        lines('notifier').find((l) => l.requestId === requestId && l.jobName === 'challenge' && l.outcome === 'completed'),
      );
      const auditLine = await waitFor('an audit job line with the request id', async () => lines('audit').find((l) => l.requestId === requestId && l.jobName === 'audit-event'));
      expect(apiLine).toMatchObject({ name: 'api' });
      expect(notifierLine).toMatchObject({ name: 'notifier', queue: 'deliveries', durationMs: expect.any(Number), jobId: expect.any(String) });
      expect(auditLine).toMatchObject({ name: 'audit', queue: 'audit' });
      process.stderr.write(`[operators] request id ${requestId} followed:\n  api: ${JSON.stringify(apiLine)}\n  notifier: ${JSON.stringify(notifierLine)}\n  audit: ${JSON.stringify(auditLine)}\n`);

      const all = system.logs();
      expect(all).not.toContain(to);
      expect(all).not.toContain(to.slice(2));
      expect(all).not.toMatch(new RegExp(`\\b${code}\\b`));
    });

    it('never writes link tokens, authorization headers or API keys', async () => {
      const token = `tok${randomBytes(16).toString('hex')}`;
      await fetch(`${system.app('api').url}/s/${token}`);
      await fetch(`${system.app('api').url}/v1/view/${token}?x=1`);
      await fetch(`${system.app('api').url}/v1/view/${token}/media`);
      await system.api.get('/v1/challenges/chl_00000000-0000-4000-8000-000000000000', { token: ws.adminKey });
      await waitFor('the request lines to be written', async () => (system.app('api').output().includes('/v1/view/[token]/media') ? true : undefined));
      const output = system.app('api').output();
      expect(output).toContain('/s/[token]');
      expect(output).not.toContain(token);
      expect(output).not.toContain(ws.adminKey);
    });
  });
});

describe('operators: read-only dashboard', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'opsreadonly', apps: ['api'], env: { DASHBOARD_READ_ONLY: 'true' } });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('lists the queues read-only and refuses actions', async () => {
    const authorization = `Bearer ${system.operatorToken}`;
    const res = await fetch(`${system.app('api').url}/admin/queues/api/queues`, { headers: { authorization } });
    const body = (await res.json()) as { queues: { name: string; readOnlyMode: boolean; allowRetries: boolean }[] };
    expect(body.queues).toHaveLength(2);
    for (const q of body.queues) expect(q).toMatchObject({ readOnlyMode: true, allowRetries: false });
    const pause = await fetch(`${system.app('api').url}/admin/queues/api/queues/deliveries/pause`, { method: 'PUT', headers: { authorization } });
    expect(pause.status).toBeGreaterThanOrEqual(400);
    expect(pause.status).toBeLessThan(500);
    // Basic auth is simply off when DASHBOARD_USER/PASSWORD are unset: only the operator token opens it.
    const basicRes = await fetch(`${system.app('api').url}/admin/queues`, { headers: { authorization: basic('', '') } });
    expect(basicRes.status).toBe(401);
  });
});
