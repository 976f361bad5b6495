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
})
export class AuthModule {}
