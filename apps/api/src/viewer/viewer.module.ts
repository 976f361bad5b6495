import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { LinksModule } from '../links/links.module';
import { SettingsModule } from '../settings/settings.module';
import { ViewerPageController } from './viewer-page.controller';
import { ViewerRateLimitGuard } from './viewer-rate-limit.guard';
import { ViewerController } from './viewer.controller';
import { ViewerService } from './viewer.service';

@Module({
  imports: [LinksModule, ChallengesModule, SettingsModule],
  controllers: [ViewerController, ViewerPageController],
  providers: [ViewerService, ViewerRateLimitGuard],
})
export class ViewerModule {}
