import { UnrecoverableError, type Job } from 'bullmq';
import { DeliveryError } from '@app/messaging';

/** What one failed provider call means for the job: the code to record, and whether it was the last try. */
export interface FailedAttempt {
  error: DeliveryError;
  errorCode: string;
  permanent: boolean;
  /** No further try will follow: permanent, or the job has used its attempts. */
  final: boolean;
  /** 1-based number of this try. */
  attempt: number;
}

/**
 * Senders already classify provider errors; anything else (a bug, a closed pool) is treated as transient so the
 * queue's attempt limit bounds it.
 */
export function classifyFailedAttempt(err: unknown, job: Pick<Job, 'attemptsMade' | 'opts'>): FailedAttempt {
  const error = err instanceof DeliveryError ? err : new DeliveryError('Delivery failed unexpectedly', false, 'unknown');
  const attempt = job.attemptsMade + 1;
  const maxAttempts = job.opts.attempts ?? 1;
  return { error, errorCode: error.providerCode ?? 'unknown', permanent: error.permanent, final: error.permanent || attempt >= maxAttempts, attempt };
}

/** The error the job fails with: permanent ones must not be retried by BullMQ. */
export function jobFailure(failed: FailedAttempt): Error {
  return failed.permanent ? new UnrecoverableError(failed.error.message) : failed.error;
}

/** Whole minutes left until expiry, at least 1: what the message tells the person. */
export function minutesLeft(expiresAt: string | Date, now: Date): number {
  return Math.max(1, Math.ceil((new Date(expiresAt).getTime() - now.getTime()) / 60_000));
}
