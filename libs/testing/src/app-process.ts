import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type AppName = 'api' | 'notifier' | 'audit';

export interface RunningApp {
  name: AppName;
  url: string;
  process: ChildProcess;
  /** Everything the app wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The repository root: the nearest folder above with a package.json (works from src and from dist). */
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const ROOT = findRoot(__dirname);

export function distEntry(name: AppName): string {
  const dist = process.env.MFA_DIST_DIR ? resolve(process.env.MFA_DIST_DIR) : join(ROOT, 'dist');
  const entry = join(dist, 'apps', name, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does it for you)`);
  return entry;
}

export async function waitForHttp(url: string, timeoutMs: number, expectStatus = 200, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process behind ${url} exited`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === expectStatus) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer ${expectStatus} within ${timeoutMs} ms (last: ${last})`);
}

/** Starts one app from the build as its own process and waits until /health/ready answers 200. */
export async function startApp(name: AppName, env: Record<string, string>, port: number, { waitReady = true } = {}): Promise<RunningApp> {
  const child = spawn(process.execPath, [distEntry(name)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  child.stdout!.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => chunks.push(d.toString()));
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  const url = `http://127.0.0.1:${port}`;
  const app: RunningApp = {
    name,
    url,
    process: child,
    output: () => chunks.join(''),
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  if (waitReady) {
    try {
      await waitForHttp(`${url}/health/ready`, 40000, 200, () => child.exitCode === null);
    } catch (err) {
      await app.stop('SIGKILL');
      throw new Error(`${name} did not become ready: ${(err as Error).message}\n--- ${name} output ---\n${app.output().slice(-4000)}`, { cause: err });
    }
  }
  return app;
}
