import { Controller, Get, Header, Res, SetMetadata } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MetricsService } from './metrics.service';
import { QueueDepthCollector } from './queue-depth.collector';

/**
 * The same metadata as @app/health's PublicRoute (the API's auth guard reads it). Importing @app/health
 * here would close a require cycle (health → queue → observability); metrics.module.spec.ts pins the key.
 */
export const METRICS_ROUTE_ACCESS = { key: 'auth:requirement', value: 'public' } as const;

@ApiTags('operations')
@SetMetadata(METRICS_ROUTE_ACCESS.key, METRICS_ROUTE_ACCESS.value)
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueDepthCollector,
  ) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition (version 0.0.4); public, for the scraper', schema: { type: 'string' } })
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    await this.queues.collect();
    const { contentType, body } = await this.metrics.render();
    await reply.header('Content-Type', contentType).send(body);
  }
}
