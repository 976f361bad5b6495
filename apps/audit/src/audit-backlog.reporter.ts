import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import { QUEUE_STATES } from '@app/observability';
import { JobProducer } from '@app/queue';

export const BACKLOG_REPORT_EVERY_MS = 30_000;

/**
 * An info line with the audit queue's depth at start and every 30 s, so a growing backlog (events not
 * yet in the chain) or failed appends show in the logs; /metrics carries the same as `queue_jobs`.
 */
@Injectable()
export class AuditBacklogReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditBacklogReporter.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly producer: JobProducer) {}

  onApplicationBootstrap(): void {
    void this.report();
    this.timer = setInterval(() => void this.report(), BACKLOG_REPORT_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async report(): Promise<void> {
    try {
      const counts = await this.producer.queue(QueueName.Audit).getJobCounts(...QUEUE_STATES);
      this.logger.log({ msg: 'audit queue backlog', queue: QueueName.Audit, ...counts });
    } catch (err) {
      this.logger.warn({ msg: 'audit queue backlog unavailable', err: (err as Error).message });
    }
  }
}
