import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfigOrExit, type AppConfig, type AppName } from '@app/config';
import { createHttpApp, listen } from '@app/observability';

export interface AppHooks {
  /** Before listening: pipes, documentation. */
  configure?(app: NestFastifyApplication, config: AppConfig): void;
  /** Once serving. */
  started?(app: NestFastifyApplication): Promise<void>;
}

/** The whole main.ts of an app: validated config or exit, the Fastify app, listen, and a clear line on failure. */
export function runApp(name: AppName, buildModule: (config: AppConfig) => unknown, hooks: AppHooks = {}): void {
  const bootstrap = async () => {
    const config = loadConfigOrExit(name);
    const app = await createHttpApp(buildModule(config), config);
    hooks.configure?.(app, config);
    const url = await listen(app, config);
    new Logger('Bootstrap').log(`${name} ready on ${url}`);
    await hooks.started?.(app);
  };
  bootstrap().catch((err: unknown) => {
    process.stderr.write(`[${name}] failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
