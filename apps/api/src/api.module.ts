import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { MetricsModule, ObservabilityLoggerModule } from '@app/observability';
import { QueueModule } from '@app/queue';
import { CommonModule } from './common/common.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { SettingsModule } from './settings/settings.module';
import { WorkspacesModule } from './workspaces/workspaces.module';
import { QueueDashboardModule } from './admin/queue-dashboard.module';
import { ChallengesModule } from './challenges/challenges.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { MembersModule } from './members/members.module';
import { AuthModule } from './auth/auth.module';
import { AuditTrailModule } from './audit/audit-trail.module';
import { LinksModule } from './links/links.module';
import { SharesModule } from './shares/shares.module';
import { ViewerModule } from './viewer/viewer.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityLoggerModule.forRoot(config),
        MetricsModule.forRoot(config),
        QueueDashboardModule.forRoot(config),
        DatabaseModule.forRoot(),
        QueueModule.forRoot(),
        HealthModule.forRoot({ queues: [QueueName.Deliveries, QueueName.Audit] }),
        CommonModule,
        WorkspacesModule,
        ApiKeysModule,
        SettingsModule,
        ChallengesModule,
        WebhooksModule,
        MembersModule,
        AuthModule,
        AuditTrailModule,
        LinksModule,
        SharesModule,
        ViewerModule,
      ],
    };
  }
}
