import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { QueueName } from '@app/contracts';
import { JobProducer } from '@app/queue';
import { withTimeout } from './with-timeout';

/** A queue is up when its Redis connection answers; the counts are there for operators. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly producer: JobProducer,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(name: QueueName, timeoutMs = 1000) {
    const check = this.health.check(`queue:${name}`);
    try {
      const queue = this.producer.queue(name);
      const counts = await withTimeout(queue.getJobCounts('waiting', 'active', 'delayed', 'failed'), timeoutMs, 'queue did not answer');
      return check.up(counts);
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}
