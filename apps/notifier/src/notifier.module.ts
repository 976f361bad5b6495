import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { ChallengesDataModule, DatabaseModule, LinksDataModule, SharesDataModule } from '@app/database';
import { HealthModule } from '@app/health';
import { EMAIL_SENDER, SMS_SENDER, createEmailSender, createSmsSender } from '@app/messaging';
import { MetricsModule, ObservabilityLoggerModule, WorkerShutdownModule } from '@app/observability';
import { QueueModule } from '@app/queue';
import { DeliveriesProcessor } from './processors/deliveries.processor';
import { ChallengeDeliveryService } from './services/challenge-delivery.service';
import { MessageDispatcher } from './services/message-dispatcher';
import { ShareDeliveryService } from './services/share-delivery.service';
import { ViewRecorderService } from './services/view-recorder.service';

@Module({})
export class NotifierModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot(config),
        MetricsModule.forRoot(config),
        WorkerShutdownModule.forRoot(),
        DatabaseModule.forRoot(),
        QueueModule.forRoot(),
        HealthModule.forRoot({ queues: [QueueName.Deliveries] }),
        ChallengesDataModule,
        SharesDataModule,
        LinksDataModule,
      ],
      providers: [
        { provide: SMS_SENDER, useValue: createSmsSender(config) },
        { provide: EMAIL_SENDER, useValue: createEmailSender(config) },
        MessageDispatcher,
        ChallengeDeliveryService,
        ShareDeliveryService,
        ViewRecorderService,
        DeliveriesProcessor,
      ],
    };
  }
}
