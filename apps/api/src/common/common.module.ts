import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { WorkspacesDataModule } from '@app/database';
import { AccessTokensService } from './auth/access-tokens.service';
import { AuthGuard } from './auth/auth.guard';
import { DestinationLimiter } from './destination-limiter';
import { ErrorFilter } from './error.filter';
import { IdempotencyService } from './idempotency.service';

/** What every feature of the API uses: the auth guard, token service, error filter, idempotency and the per-destination send limit. */
@Global()
@Module({
  imports: [
    WorkspacesDataModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256', issuer: 'mfa-service' }, verifyOptions: { algorithms: ['HS256'], issuer: 'mfa-service' } }),
    }),
  ],
  providers: [
    AccessTokensService,
    IdempotencyService,
    DestinationLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [AccessTokensService, IdempotencyService, DestinationLimiter],
})
export class CommonModule {}
