import type { Job } from 'bullmq';
import { jobNamesOf, type JobName, type JobPayloads, type QueueName } from '@app/contracts';

export type JobHandlers<N extends JobName> = { [K in N]: (job: Job<JobPayloads[K]>) => Promise<unknown> };

/**
 * Refuses to start a worker that lacks a handler for a job its queue carries (or has one for a job
 * that never arrives there): a job without a handler would fail silently in production.
 */
export function assertHandlersCover(queue: QueueName, handlers: Partial<Record<JobName, unknown>>): void {
  const expected = jobNamesOf(queue);
  const missing = expected.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length) throw new Error(`Worker for queue "${queue}" has no handler for job "${missing[0]}"`);
  const extra = Object.keys(handlers).filter((name) => !expected.includes(name as JobName));
  if (extra.length) throw new Error(`Worker for queue "${queue}" has a handler for job "${extra[0]}" which that queue never carries`);
}

export async function dispatchJob(queue: QueueName, handlers: Partial<Record<JobName, (job: Job) => Promise<unknown>>>, job: Job): Promise<unknown> {
  const handler = handlers[job.name as JobName];
  if (!handler) throw new Error(`Queue "${queue}" received unknown job "${job.name}"`);
  return handler(job);
}
