import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { createHttpApp, listen } from '@app/observability';
import { NotifierModule } from './notifier.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('notifier');
  const app = await createHttpApp(NotifierModule.forRoot(config), config);
  const url = await listen(app, config);
  new Logger('Bootstrap').log(`notifier worker ready on ${url}`);
}

void bootstrap().catch((err: unknown) => {
  process.stderr.write(`[notifier] failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
