import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { SharesModule } from '../shares/shares.module';
import { DeliveryStatusRouter } from './delivery-status.router';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

// Nest's Fastify adapter already parses application/x-www-form-urlencoded (as Twilio posts) next to JSON.
@Module({
  imports: [ChallengesModule, SharesModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, DeliveryStatusRouter],
})
export class WebhooksModule {}
