import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './ports';

export interface ProvisionedService {
  url: string;
  /** True when provisioning started it; only then does stop() do anything. */
  started: boolean;
  describe: string;
  stop(): Promise<void>;
}

export interface RedisServerHandle extends ProvisionedService {
  port: number;
  /** Starts the same server again on the same port (after stop), for outage tests. */
  restart(): Promise<void>;
}

async function redisAnswers(url: string): Promise<boolean> {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 500, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A redis-server of our own on a free port, in memory only. */
export async function startRedisServer(port?: number): Promise<RedisServerHandle> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not installed: apt-get install redis-server, or set REDIS_URL to a running Redis');
  }
  const chosen = port ?? (await freePort());
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    await waitForPort('127.0.0.1', chosen, 10000, 'redis-server');
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return { url: `redis://127.0.0.1:${chosen}`, port: chosen, started: true, describe: `redis-server started on port ${chosen}`, stop, restart: launch };
}

/** REDIS_URL, else 127.0.0.1:6379 if it answers, else a redis-server of our own. */
export async function provisionRedis(env: NodeJS.ProcessEnv = process.env): Promise<ProvisionedService> {
  if (env.REDIS_URL) {
    if (!(await redisAnswers(env.REDIS_URL))) throw new Error(`REDIS_URL=${env.REDIS_URL} does not answer PING: start that Redis or unset REDIS_URL`);
    return { url: env.REDIS_URL, started: false, describe: 'Redis from REDIS_URL', stop: async () => undefined };
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, started: false, describe: 'Redis already running on 127.0.0.1:6379', stop: async () => undefined };
  return startRedisServer();
}
