import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { DASHBOARD_ROUTE, decideDashboardAccess, isDashboardPath } from './dashboard-access';

/**
 * Bull Board's routes are a Fastify plugin, not Nest routes: the global AuthGuard never sees them.
 * This root onRequest hook guards the whole prefix instead (Fastify has routed the request by then).
 */
@Injectable()
export class DashboardAuthHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (req, reply, done) => {
      if (!isDashboardPath(req.url) && !isDashboardPath(req.routeOptions?.url ?? '')) return done();
      const decision = decideDashboardAccess(this.config, req.method, req.url, req.headers.authorization);
      if (decision === 'allow') return done();
      if (decision === 'unauthorized') {
        void reply
          .code(401)
          .header('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"')
          .send({ statusCode: 401, error: 'unauthorized', message: 'The operator token or the dashboard credentials are required' });
        return;
      }
      void reply.code(403).send({ statusCode: 403, error: 'forbidden', message: 'Job data cannot be written from the dashboard' });
    });
  }
}

/** The queue dashboard at /admin/queues: every queue of the system, retries allowed unless DASHBOARD_READ_ONLY. */
@Module({})
export class QueueDashboardModule {
  static forRoot(config: AppConfig): DynamicModule {
    const queueOptions = { readOnlyMode: config.dashboard.readOnly, allowRetries: !config.dashboard.readOnly };
    return {
      module: QueueDashboardModule,
      imports: [
        BullBoardModule.forRoot({ route: DASHBOARD_ROUTE, adapter: FastifyAdapter, boardOptions: { uiConfig: { boardTitle: 'MFA queues' } } }),
        BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullMQAdapter, options: queueOptions }))),
      ],
      providers: [DashboardAuthHook],
    };
  }
}
