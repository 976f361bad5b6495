import { Module } from '@nestjs/common';
import { ChallengesDataModule } from '@app/database';
import { ChallengesModule } from '../challenges/challenges.module';
import { MembersModule } from '../members/members.module';
import { SettingsModule } from '../settings/settings.module';
import { AuthController } from './auth.controller';
import { LoginService } from './login.service';
import { LoginThrottle } from './login-throttle';

@Module({
  imports: [MembersModule, SettingsModule, ChallengesModule, ChallengesDataModule],
  controllers: [AuthController],
  providers: [LoginService, LoginThrottle],
  // The viewer page signs members in for private links through the very same login.
  exports: [LoginService],
})
export class AuthModule {}
