import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { createHttpApp, listen } from '@app/observability';
import { AuditModule } from './audit.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('audit');
  const app = await createHttpApp(AuditModule.forRoot(config), config);
  const url = await listen(app, config);
  new Logger('Bootstrap').log(`audit worker ready on ${url}`);
}

void bootstrap().catch((err: unknown) => {
  process.stderr.write(`[audit] failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
