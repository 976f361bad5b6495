import { Module } from '@nestjs/common';
import { ChallengesDataModule } from '@app/database';
import { SettingsModule } from '../settings/settings.module';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';

@Module({
  imports: [ChallengesDataModule, SettingsModule],
  controllers: [ChallengesController],
  providers: [ChallengesService],
  exports: [ChallengesService],
})
export class ChallengesModule {}
