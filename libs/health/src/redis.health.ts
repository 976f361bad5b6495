import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { REDIS } from '@app/queue';
import { withTimeout } from './with-timeout';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck(key = 'redis', timeoutMs = 1000) {
    const check = this.health.check(key);
    try {
      await withTimeout(this.redis.ping(), timeoutMs, 'redis ping timed out');
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}
