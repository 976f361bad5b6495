/**
 * `npm start`: the whole system on one machine with embedded defaults. Uses MONGO_URL / REDIS_URL when
 * set, else provisions them (see libs/testing); runs api, notifier and audit as three processes in
 * development mode (log senders for SMS and email unless TWILIO_* / SMTP_URL are set). Ctrl-C stops
 * everything it started, and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { distEntry, portAnswers, provisionMongo, provisionRedis, waitForHttp, type AppName, type ProvisionedService } from '@app/testing';

const APPS: AppName[] = ['api', 'notifier', 'audit'];
const COLORS: Record<AppName, string> = { api: '\x1b[36m', notifier: '\x1b[35m', audit: '\x1b[33m' };

function say(line: string): void {
  process.stdout.write(`\x1b[1m[start]\x1b[0m ${line}\n`);
}

async function main(): Promise<void> {
  const services: ProvisionedService[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(
      children.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 25000).unref();
      })),
    );
    await Promise.allSettled(services.map((s) => s.stop()));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  const ports: Record<AppName, number> = {
    api: Number(env.API_PORT ?? 3000),
    notifier: Number(env.NOTIFIER_PORT ?? 3001),
    audit: Number(env.AUDIT_PORT ?? 3002),
  };
  for (const app of APPS) {
    distEntry(app);
    if (await portAnswers('127.0.0.1', ports[app])) {
      throw new Error(`port ${ports[app]} for ${app} is taken: stop what uses it or set ${app.toUpperCase()}_PORT`);
    }
  }

  try {
    const redis = await provisionRedis(env);
    services.push(redis);
    say(`Redis: ${redis.describe}`);
    const mongo = await provisionMongo(env, say);
    services.push(mongo);
    say(`MongoDB: ${mongo.describe}`);
    Object.assign(env, {
      REDIS_URL: redis.url,
      MONGO_URL: mongo.url,
      API_PORT: String(ports.api),
      NOTIFIER_PORT: String(ports.notifier),
      AUDIT_PORT: String(ports.audit),
      PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://localhost:${ports.api}`,
    });

    for (const app of APPS) {
      const child = spawn(process.execPath, [distEntry(app)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const prefix = `${COLORS[app]}[${app}]\x1b[0m `;
      for (const stream of [child.stdout!, child.stderr!]) {
        let buffered = '';
        stream.on('data', (d: Buffer) => {
          buffered += d.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) process.stdout.write(prefix + line + '\n');
        });
      }
      child.once('exit', (code, signal) => {
        if (!stopping) {
          say(`${app} exited (${signal ?? code}); stopping the rest`);
          void stopAll(1);
        }
      });
      children.push(child);
    }
    await Promise.all(APPS.map((app) => waitForHttp(`http://127.0.0.1:${ports[app]}/health/ready`, 60000)));
  } catch (err) {
    say(`could not start: ${(err as Error).message}`);
    await stopAll(1);
    return;
  }

  const api = `http://localhost:${ports.api}`;
  say('all three apps are ready:');
  say(`  API            ${api}   (OpenAPI: ${api}/docs)`);
  say(`  queue dashboard ${api}/admin/queues   (operator token or DASHBOARD_USER/PASSWORD)`);
  for (const app of APPS) say(`  ${app.padEnd(9)} health ${`http://localhost:${ports[app]}`}/health/ready   metrics /metrics`);
  if (env.NODE_ENV === 'development') {
    say(`  development mode: secrets not set in the environment use public DEV defaults (see warnings above);`);
    say(`  codes and links go to the notifier log and ${env.DEV_OUTBOX_FILE ?? '.dev/outbox.jsonl'} unless TWILIO_* / SMTP_URL are set`);
    if (!process.env.OPERATOR_TOKEN) say(`  operator token: dev-operator-token-not-for-production`);
  }
  say('Ctrl-C stops everything started here.');
}

void main().catch((err: unknown) => {
  process.stderr.write(`[start] ${(err as Error).message}\n`);
  process.exit(1);
});
