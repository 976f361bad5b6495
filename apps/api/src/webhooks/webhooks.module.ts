import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

// Nest's Fastify adapter already parses application/x-www-form-urlencoded (as Twilio posts) next to JSON.
@Module({
  imports: [ChallengesModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
