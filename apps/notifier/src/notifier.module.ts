import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { ChallengesDataModule, LinksDataModule, SharesDataModule, WorkspacesDataModule } from '@app/database';
import { EMAIL_SENDER, SMS_SENDER, createEmailSender, createSmsSender } from '@app/messaging';
import { PlatformModule } from '@app/platform';
import { DeliveriesProcessor } from './processors/deliveries.processor';
import { ChallengeDeliveryService } from './services/challenge-delivery.service';
import { ChallengeRetentionService } from './services/challenge-retention.service';
import { MessageDispatcher } from './services/message-dispatcher';
import { ShareDeliveryService } from './services/share-delivery.service';
import { ViewNotifierService } from './services/view-notifier.service';
import { ViewRecorderService } from './services/view-recorder.service';

@Module({})
export class NotifierModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        PlatformModule.forRoot(config, { queues: [QueueName.Deliveries], worker: true }),
        ChallengesDataModule,
        SharesDataModule,
        LinksDataModule,
        WorkspacesDataModule,
      ],
      providers: [
        { provide: SMS_SENDER, useValue: createSmsSender(config) },
        { provide: EMAIL_SENDER, useValue: createEmailSender(config) },
        MessageDispatcher,
        ChallengeDeliveryService,
        ChallengeRetentionService,
        ShareDeliveryService,
        ViewRecorderService,
        ViewNotifierService,
        DeliveriesProcessor,
      ],
    };
  }
}
