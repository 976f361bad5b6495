import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { AuditDataModule, DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { MetricsModule, ObservabilityLoggerModule, WorkerShutdownModule } from '@app/observability';
import { QueueModule } from '@app/queue';
import { AuditLogService } from './audit-log.service';
import { AuditProcessor } from './audit.processor';
import { AuditRetentionService } from './audit-retention.service';
import { AuditChainLock } from './audit-chain-lock';
import { AuditBacklogReporter } from './audit-backlog.reporter';

@Module({})
export class AuditModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot(config),
        MetricsModule.forRoot(config),
        WorkerShutdownModule.forRoot(),
        DatabaseModule.forRoot(),
        QueueModule.forRoot(),
        HealthModule.forRoot({ queues: [QueueName.Audit] }),
        AuditDataModule,
      ],
      providers: [AuditChainLock, AuditLogService, AuditRetentionService, AuditBacklogReporter, AuditProcessor],
    };
  }
}
