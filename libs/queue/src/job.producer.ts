import { Inject, Injectable, Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUE_OF_JOB, QueueName, defaultJobOptions, type JobName, type JobPayloads } from '@app/contracts';
import { ModuleRef } from '@nestjs/core';
import { currentRequestId } from '@app/observability';

/** The only way to add a job: the name decides the queue, the payload type and the default options. */
@Injectable()
export class JobProducer {
  private readonly logger = new Logger(JobProducer.name);
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: JobsOptions & { jobId: string }): Promise<void> {
    const queue = this.queue(QUEUE_OF_JOB[name]);
    // The request id travels with the job so one id can be followed from the HTTP request into every worker.
    const requestId = (data as { requestId?: string }).requestId ?? currentRequestId();
    await queue.add(name, requestId ? { ...data, requestId } : data, { ...defaultJobOptions(name, this.config.delivery), ...options });
    this.logger.debug({ msg: 'job enqueued', job: name, jobId: options.jobId });
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, queue);
    }
    return queue;
  }
}
