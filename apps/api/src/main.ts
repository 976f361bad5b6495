import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { AuditEventType, SYSTEM_WORKSPACE } from '@app/contracts';
import { createHttpApp, listen } from '@app/observability';
import { AuditPublisher } from '@app/queue';
import { ApiModule } from './api.module';
import { createValidationPipe } from './common/validation.pipe';
import { setupOpenApi } from './openapi';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('api');
  const app = await createHttpApp(ApiModule.forRoot(config), config);
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
  const url = await listen(app, config);
  new Logger('Bootstrap').log(`api ready on ${url} (docs: ${url}/docs)`);
  await app.get(AuditPublisher).record(SYSTEM_WORKSPACE, AuditEventType.ServiceStarted, { kind: 'system', id: 'api' }, { kind: 'service', id: 'api' }, { pid: process.pid });
}

void bootstrap().catch((err: unknown) => {
  process.stderr.write(`[api] failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
