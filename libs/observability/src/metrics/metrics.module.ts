import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '@app/config';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { QueueDepthCollector } from './queue-depth.collector';
import { WorkerObserver } from './worker-observer';

/** GET /metrics (public, Prometheus text) and the process-wide MetricsService; the same in all three apps. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [DiscoveryModule],
      controllers: [MetricsController],
      providers: [
        {
          provide: MetricsService,
          useFactory: () => {
            const metrics = new MetricsService();
            metrics.registry.setDefaultLabels({ app: config.app });
            return metrics;
          },
        },
        QueueDepthCollector,
        HttpMetricsHook,
        WorkerObserver,
      ],
      exports: [MetricsService],
    };
  }
}
