import { runApp } from '@app/platform';
import { AuditModule } from './audit.module';

runApp('audit', (config) => AuditModule.forRoot(config));
