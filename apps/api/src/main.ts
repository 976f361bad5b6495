import { AuditEventType, SYSTEM_WORKSPACE } from '@app/contracts';
import { runApp } from '@app/platform';
import { AuditPublisher } from '@app/queue';
import { ApiModule } from './api.module';
import { createValidationPipe } from './common/validation.pipe';
import { setupOpenApi } from './openapi';

runApp('api', (config) => ApiModule.forRoot(config), {
  configure: (app) => {
    app.useGlobalPipes(createValidationPipe());
    setupOpenApi(app);
  },
  started: async (app) => {
    await app.get(AuditPublisher).record(SYSTEM_WORKSPACE, AuditEventType.ServiceStarted, { kind: 'system', id: 'api' }, { kind: 'service', id: 'api' }, { pid: process.pid });
  },
});
