import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { createRedis } from './redis';
import { REDIS } from './tokens';
import { JobProducer } from './job.producer';
import { AuditPublisher } from './audit.publisher';
import { DocumentLocks } from './document-locks';

const ALL_QUEUES = Object.values(QueueName);

/** BullMQ on one shared connection config, every queue registered, the typed producer and a fail-fast Redis. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const bull = BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        prefix: config.queuePrefix,
        connection: createRedis(config.redis.url, 'bullmq'),
      }),
    });
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return {
      module: QueueModule,
      imports: [bull, queues],
      providers: [
        JobProducer,
        AuditPublisher,
        DocumentLocks,
        {
          provide: REDIS,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createRedis(config.redis.url, 'fail-fast'),
        },
      ],
      exports: [JobProducer, AuditPublisher, DocumentLocks, REDIS, queues],
    };
  }
}
