import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Worker, type Job } from 'bullmq';
import { MetricsService } from './metrics.service';

/** Finds the BullMQ workers of this process (the @Processor classes); used for metrics, job logs and shutdown. */
export function discoverWorkers(discovery: DiscoveryService): Worker[] {
  const workers: Worker[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as { _worker?: unknown } | undefined;
    // WorkerHost keeps its worker in `_worker`; the public getter throws before initialisation.
    if (instance && instance._worker instanceof Worker) workers.push(instance._worker);
  }
  return workers;
}

/**
 * One info line per job attempt (name, id, requestId, outcome, duration) and the job counters, from
 * the workers' own events, so processors stay thin and no job goes uncounted.
 */
@Injectable()
export class WorkerObserver implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const worker of discoverWorkers(this.discovery)) {
      worker.on('completed', (job) => this.record(worker.name, job, 'completed'));
      worker.on('failed', (job, err) => job && this.record(worker.name, job, 'failed', err));
    }
  }

  private record(queue: string, job: Job, outcome: 'completed' | 'failed', err?: Error): void {
    const seconds = job.processedOn ? Math.max(0, (job.finishedOn ?? Date.now()) - job.processedOn) / 1000 : 0;
    const requestId = (job.data as { requestId?: string } | undefined)?.requestId;
    const line = { msg: `job ${outcome}`, queue, jobName: job.name, jobId: job.id, requestId, outcome, attempt: job.attemptsMade, durationMs: Math.round(seconds * 1000) };
    if (outcome === 'completed') {
      this.metrics.jobsCompleted.inc({ queue, job_name: job.name });
      this.logger.log(line);
    } else {
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.metrics.jobsFailed.inc({ queue, job_name: job.name, final: String(final) });
      // The error message only: delivery errors are built without destinations or codes.
      this.logger.warn({ ...line, final, error: err?.message });
    }
    this.metrics.jobDuration.observe({ queue, job_name: job.name, outcome }, seconds);
  }
}
