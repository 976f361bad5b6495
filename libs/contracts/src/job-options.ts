import type { JobsOptions } from 'bullmq';
import { JobName } from './queues';

export interface DeliveryRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Retention keeps Redis small and stops finished job data lingering on the dashboard. */
const KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600, count: 5000 } };

export function defaultJobOptions(name: JobName, policy: DeliveryRetryPolicy): JobsOptions {
  switch (name) {
    case JobName.Challenge:
    case JobName.Share:
      // Exponential backoff with jitter so a provider outage is not hammered in lockstep.
      return { ...KEEP, attempts: policy.attempts, backoff: { type: 'exponential', delay: policy.backoffMs, jitter: 0.5 } };
    case JobName.Verify:
      return { ...KEEP, attempts: 5, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } };
    case JobName.AuditEvent:
      // Audit events must not be lost: many attempts, and failed ones stay for inspection.
      return { removeOnComplete: { age: 3600, count: 5000 }, removeOnFail: false, attempts: 20, backoff: { type: 'exponential', delay: 500, jitter: 0.5 } };
    case JobName.AuditPurge:
    case JobName.ChallengePurge:
      return { ...KEEP, attempts: 3 };
  }
}
