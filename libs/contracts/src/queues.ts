/**
 * Queue and job names. NEVER rename a value: jobs already waiting under the old name would be stranded.
 */
export const QueueName = {
  /** Messages to people and view bookkeeping, consumed by apps/notifier. */
  Deliveries: 'deliveries',
  /** Security events, consumed by apps/audit. */
  Audit: 'audit',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Challenge: 'challenge',
  Share: 'share',
  Verify: 'verify',
  AuditEvent: 'audit-event',
  AuditPurge: 'audit-purge',
  ChallengePurge: 'challenge-purge',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Which queue carries which job: the producer and the workers both read this table. */
export const QUEUE_OF_JOB = {
  [JobName.Challenge]: QueueName.Deliveries,
  [JobName.Share]: QueueName.Deliveries,
  [JobName.Verify]: QueueName.Deliveries,
  [JobName.AuditEvent]: QueueName.Audit,
  [JobName.AuditPurge]: QueueName.Audit,
  [JobName.ChallengePurge]: QueueName.Deliveries,
} as const satisfies Record<JobName, QueueName>;

export function jobNamesOf(queue: QueueName): JobName[] {
  return (Object.keys(QUEUE_OF_JOB) as JobName[]).filter((job) => QUEUE_OF_JOB[job] === queue);
}
