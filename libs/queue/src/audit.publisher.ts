import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobName, jobIdFor, type AuditActor, type AuditEventType, type AuditSubject } from '@app/contracts';
import { currentRequestId } from '@app/observability';
import { JobProducer } from './job.producer';

/** Publishes security events for apps/audit. Callers pass masked data only. */
@Injectable()
export class AuditPublisher {
  private readonly logger = new Logger(AuditPublisher.name);

  constructor(private readonly producer: JobProducer) {}

  async record(workspaceId: string, type: AuditEventType, actor: AuditActor, subject: AuditSubject, data: Record<string, unknown> = {}): Promise<string> {
    const id = randomUUID();
    await this.producer.enqueue(
      JobName.AuditEvent,
      { id, workspaceId, type, actor, subject, at: new Date().toISOString(), data, requestId: currentRequestId() },
      { jobId: jobIdFor.auditEvent(id) },
    );
    this.logger.debug({ msg: 'audit event published', type, eventId: id });
    return id;
  }
}
