import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChallengesModule } from '../challenges/challenges.module';
import { LinksModule } from '../links/links.module';
import { SettingsModule } from '../settings/settings.module';
import { ViewerPageController } from './viewer-page.controller';
import { ViewerRateLimitGuard } from './viewer-rate-limit.guard';
import { ViewerController } from './viewer.controller';
import { ViewerService } from './viewer.service';

@Module({
  imports: [LinksModule, ChallengesModule, SettingsModule, AuthModule],
  controllers: [ViewerController, ViewerPageController],
  providers: [ViewerService, ViewerRateLimitGuard],
})
export class ViewerModule {}
