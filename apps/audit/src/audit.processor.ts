import { Logger, OnModuleInit } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName, type AuditEvent, type AuditPurgeJob } from '@app/contracts';
import { runWithRequestId } from '@app/observability';
import { assertHandlersCover, dispatchJob } from '@app/queue';
import { AuditLogService } from './audit-log.service';
import { AuditRetentionService } from './audit-retention.service';

/** Thin: dispatches each job of the audit queue to the service that owns the rule. */
@Processor(QueueName.Audit, { concurrency: 8 })
export class AuditProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(AuditProcessor.name);
  private readonly handlers = {
    [JobName.AuditEvent]: (job: Job<AuditEvent>) => this.log.append(job.data),
    [JobName.AuditPurge]: (job: Job<AuditPurgeJob>) => this.retention.purge(job.data),
  };

  constructor(
    private readonly log: AuditLogService,
    private readonly retention: AuditRetentionService,
  ) {
    super();
  }

  onModuleInit(): void {
    assertHandlersCover(QueueName.Audit, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    return runWithRequestId((job.data as { requestId?: string }).requestId, () => dispatchJob(QueueName.Audit, this.handlers, job));
  }
}
