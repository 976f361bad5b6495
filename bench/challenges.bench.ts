/**
 * `npm run bench`: throughput and latency of the API's hot paths against the real system (api, notifier,
 * audit as processes; Redis; the MongoDB-wire server provisioning finds; fake Twilio). Run on purpose,
 * never in CI; prints figures and appends them to bench/RESULTS.md.
 */
import autocannon from 'autocannon';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionMongo, provisionRedis, TestSystem } from '@app/testing';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

async function run(title: string, opts: autocannon.Options): Promise<string> {
  const result = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts });
  const errors = result.non2xx + result.errors;
  const line = `| ${title} | ${result.requests.average.toFixed(0)} req/s | p50 ${result.latency.p50} ms | p99 ${result.latency.p99} ms | ${errors} non-2xx/errors of ${result.requests.total} |`;
  process.stdout.write(line + '\n');
  return line;
}

async function main(): Promise<void> {
  const redis = await provisionRedis();
  const mongo = await provisionMongo(process.env, (l) => process.stdout.write(l + '\n'));
  process.env.MFA_TEST_REDIS_URL = redis.url;
  process.env.MFA_TEST_MONGO_URL = mongo.url;
  let system: TestSystem | undefined;
  try {
    // Limits are for abusers, not for a benchmark: raise the per-key budget.
    system = await TestSystem.start({ suite: 'bench', env: { API_KEY_RATE_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' } });
    const ws = await system.createWorkspace('bench');
    const key = await system.createApiKey(ws, 'service');
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const url = system.api.baseUrl;
    const first = await system.api.post('/v1/challenges', { channel: 'sms', to: '+14155550100' }, { token: key });
    if (first.status !== 201) throw new Error(`challenge create failed: ${first.status} ${JSON.stringify(first.body)}`);
    let n = 0;
    const lines = [
      `\n### ${new Date().toISOString()} — ${DURATION}s × ${CONNECTIONS} connections, MongoDB: ${mongo.describe}`,
      '| path | throughput | latency p50 | latency p99 | errors |',
      '|---|---|---|---|---|',
      await run('GET /health/live', { url: `${url}/health/live` }),
      await run('GET /v1/challenges/:id', { url: `${url}/v1/challenges/${first.body.id}`, headers }),
      await run('POST /v1/challenges (distinct destinations)', {
        url: `${url}/v1/challenges`,
        method: 'POST',
        headers,
        // Every request a new number, so the per-destination limit is not what is measured.
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ channel: 'sms', to: `+1415${String(5_000_000 + n++).padStart(7, '0')}` }) }) }],
      }),
      await run('POST /v1/challenges/:id/verify (wrong code, locked quickly)', {
        url: `${url}/v1/challenges/${first.body.id}/verify`,
        method: 'POST',
        headers,
        body: JSON.stringify({ code: '000000' }),
      }),
    ];
    appendFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), lines.join('\n') + '\n');
  } finally {
    await system?.stop();
    await mongo.stop();
    await redis.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
