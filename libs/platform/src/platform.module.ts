import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import type { QueueName } from '@app/contracts';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { MetricsModule, ObservabilityLoggerModule, WorkerShutdownModule } from '@app/observability';
import { QueueModule } from '@app/queue';

export interface PlatformOptions {
  /** Queues whose health decides readiness. */
  queues: QueueName[];
  /** Workers drain their jobs in hand before the connections close. */
  worker: boolean;
}

/** What every app stands on: config, logging, metrics, MongoDB, BullMQ/Redis, health (and worker draining). */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot(config),
        MetricsModule.forRoot(config),
        ...(options.worker ? [WorkerShutdownModule.forRoot()] : []),
        DatabaseModule.forRoot(),
        QueueModule.forRoot(),
        HealthModule.forRoot({ queues: options.queues }),
      ],
    };
  }
}
