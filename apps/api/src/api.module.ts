import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { PlatformModule } from '@app/platform';
import { CommonModule } from './common/common.module';
import { QueueDashboardModule } from './admin/queue-dashboard.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditTrailModule } from './audit/audit-trail.module';
import { AuthModule } from './auth/auth.module';
import { ChallengesModule } from './challenges/challenges.module';
import { LinksModule } from './links/links.module';
import { MembersModule } from './members/members.module';
import { SettingsModule } from './settings/settings.module';
import { SharesModule } from './shares/shares.module';
import { ViewerModule } from './viewer/viewer.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config, { queues: [QueueName.Deliveries, QueueName.Audit], worker: false }),
        QueueDashboardModule.forRoot(config),
        CommonModule,
        WorkspacesModule,
        ApiKeysModule,
        SettingsModule,
        MembersModule,
        AuthModule,
        ChallengesModule,
        WebhooksModule,
        SharesModule,
        LinksModule,
        ViewerModule,
        AuditTrailModule,
      ],
    };
  }
}
