import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync, renameSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';
import type { ProvisionedService } from './provision-redis';

export const FERRETDB_VERSION = 'v1.24.2';

function cacheDir(): string {
  return join(process.env.MFA_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mfa-service'), 'ferretdb', FERRETDB_VERSION);
}

function findGo(): string | undefined {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    if (spawnSync(candidate, ['version']).status === 0) return candidate;
  }
  return undefined;
}

/**
 * Builds FerretDB once into a cache outside the repo. `go install` alone yields a binary that panics
 * (the module lacks build/version/version.txt), so the module is built from a copy with that file written.
 */
export function ensureFerretDb(log: (line: string) => void = () => undefined): string {
  const binary = join(cacheDir(), 'ferretdb');
  if (existsSync(binary)) return binary;
  const go = findGo();
  if (!go) throw new Error('FerretDB is not built and no Go toolchain was found: install Go 1.22+ (https://go.dev/dl, or /usr/local/go/bin on PATH), or set MONGO_URL to a MongoDB');
  log(`building FerretDB ${FERRETDB_VERSION} once into ${cacheDir()} (about a minute)…`);
  const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
  const dl = spawnSync(go, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { env, cwd: tmpdir(), encoding: 'utf8' });
  if (dl.status !== 0) throw new Error(`could not download the FerretDB module: ${dl.stderr || dl.stdout}`);
  const moduleDir = (JSON.parse(dl.stdout) as { Dir: string }).Dir;
  const work = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(moduleDir, work, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', work]);
    writeFileSync(join(work, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(cacheDir(), { recursive: true });
    const partial = `${binary}.partial-${process.pid}`;
    const build = spawnSync(go, ['build', '-o', partial, './cmd/ferretdb'], { env, cwd: work, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`FerretDB build failed: ${build.stderr}`);
    chmodSync(partial, 0o755);
    renameSync(partial, binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

async function startFerretDb(log: (line: string) => void): Promise<ProvisionedService> {
  const binary = ensureFerretDb(log);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ferretdb-data-'));
  const child: ChildProcess = spawn(
    binary,
    ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', `--state-dir=${dir}`, '--log-level=error'],
    { stdio: 'ignore' },
  );
  await waitForPort('127.0.0.1', port, 20000, 'FerretDB');
  return {
    url: `mongodb://127.0.0.1:${port}/mfa`,
    started: true,
    describe: `FerretDB ${FERRETDB_VERSION} (SQLite in ${dir}) on port ${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real mongod through mongodb-memory-server, only where a binary is already on this machine: never a download. */
async function tryMongoMemoryServer(env: NodeJS.ProcessEnv): Promise<ProvisionedService | undefined> {
  const systemBinary = env.MONGOMS_SYSTEM_BINARY ?? (spawnSync('mongod', ['--version']).status === 0 ? 'mongod' : undefined);
  if (!systemBinary) return undefined;
  process.env.MONGOMS_RUNTIME_DOWNLOAD = 'false';
  process.env.MONGOMS_SYSTEM_BINARY = systemBinary;
  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create();
    return { url: server.getUri('mfa'), started: true, describe: `mongod via mongodb-memory-server (${systemBinary})`, stop: async () => void (await server.stop()) };
  } catch {
    return undefined;
  }
}

/** MONGO_URL, else a real mongod if one can be had here, else FerretDB on SQLite. */
export async function provisionMongo(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => undefined): Promise<ProvisionedService> {
  if (env.MONGO_URL) return { url: env.MONGO_URL, started: false, describe: 'MongoDB from MONGO_URL', stop: async () => undefined };
  return (await tryMongoMemoryServer(env)) ?? startFerretDb(log);
}

/** The same server, another database: each suite gets its own. */
export function withDatabase(mongoUrl: string, database: string): string {
  const url = new URL(mongoUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
