import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '@app/contracts';
import { MetricsService, QUEUE_STATES } from './metrics.service';

const SCRAPE_TIMEOUT_MS = 1500;

/** Reads the depth of every queue of the system from Redis when Prometheus scrapes. */
@Injectable()
export class QueueDepthCollector {
  private readonly logger = new Logger(QueueDepthCollector.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly metrics: MetricsService,
  ) {}

  async collect(): Promise<void> {
    await Promise.all(Object.values(QueueName).map((name) => this.collectOne(name)));
  }

  private async collectOne(name: QueueName): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    let timer: NodeJS.Timeout | undefined;
    try {
      // A scrape must answer while Redis is away: stale gauges are dropped rather than hanging the scrape.
      const counts = await Promise.race([
        queue.getJobCounts(...QUEUE_STATES),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('queue did not answer')), SCRAPE_TIMEOUT_MS))),
      ]);
      for (const state of QUEUE_STATES) this.metrics.queueDepth.set({ queue: name, state }, counts[state] ?? 0);
    } catch (err) {
      for (const state of QUEUE_STATES) this.metrics.queueDepth.remove({ queue: name, state });
      this.logger.warn({ msg: 'queue depth unavailable', queue: name, err: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
