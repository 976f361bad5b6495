import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { AuditDataModule } from '@app/database';
import { PlatformModule } from '@app/platform';
import { AuditLogService } from './audit-log.service';
import { AuditProcessor } from './audit.processor';
import { AuditRetentionService } from './audit-retention.service';
import { AuditBacklogReporter } from './audit-backlog.reporter';

@Module({})
export class AuditModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        PlatformModule.forRoot(config, { queues: [QueueName.Audit], worker: true }),
        AuditDataModule,
      ],
      providers: [AuditLogService, AuditRetentionService, AuditBacklogReporter, AuditProcessor],
    };
  }
}
