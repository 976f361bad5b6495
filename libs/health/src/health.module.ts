import { Controller, DynamicModule, Get, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator, TerminusModule } from '@nestjs/terminus';
import type { QueueName } from '@app/contracts';
import { RedisHealthIndicator } from './redis.health';
import { QueueHealthIndicator } from './queue.health';
import { PublicRoute } from './route-access';

/**
 * /health/live: the process answers. /health/ready: MongoDB, Redis and the app's queues answer;
 * 503 while any is down, 200 again once it is back (clients reconnect on their own).
 */
function healthController(queues: QueueName[]) {
  @PublicRoute()
  @Controller('health')
  class HealthController {
    constructor(
      private readonly health: HealthCheckService,
      private readonly mongo: MongooseHealthIndicator,
      private readonly redis: RedisHealthIndicator,
      private readonly queueHealth: QueueHealthIndicator,
    ) {}

    @Get('live')
    live() {
      return { status: 'ok' };
    }

    @Get('ready')
    @HealthCheck()
    ready() {
      return this.health.check([
        () => this.mongo.pingCheck('mongodb', { timeout: 1500 }),
        () => this.redis.pingCheck('redis', 1000),
        ...queues.map((name) => () => this.queueHealth.check(name, 1000)),
      ]);
    }
  }
  return HealthController;
}

@Module({})
export class HealthModule {
  static forRoot(options: { queues: QueueName[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [healthController(options.queues)],
      providers: [RedisHealthIndicator, QueueHealthIndicator],
    };
  }
}
