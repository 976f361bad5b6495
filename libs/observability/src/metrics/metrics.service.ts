import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** transient_error: BullMQ may try again; permanent_error: the provider refused for good. */
export type DeliveryOutcome = 'sent' | 'transient_error' | 'permanent_error';
export type VerificationOutcome = 'approved' | 'invalid_code' | 'expired' | 'locked' | 'not_pending';
/** The steps a login ends in: authenticated, code_required, invalid_credentials, rate_limited, no_mfa_destination. */
export type LoginOutcome = 'authenticated' | 'code_required' | 'invalid_credentials' | 'rate_limited' | 'no_mfa_destination';

/** Queue depth states exported as gauges; read from BullMQ on every scrape. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * One Prometheus registry per process and the named metrics every feature records into.
 * Label values are always bounded sets (route patterns, outcomes, provider codes), never ids or URLs.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in a queue by state (waiting, active, delayed, failed), read from Redis on scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly jobsCompleted = new Counter({
    name: 'jobs_completed_total',
    help: 'Jobs this worker process completed, by queue and job name',
    labelNames: ['queue', 'job_name'] as const,
    registers: [this.registry],
  });

  readonly jobsFailed = new Counter({
    name: 'jobs_failed_total',
    help: 'Job attempts that threw, by queue and job name; final="false" when BullMQ will retry',
    labelNames: ['queue', 'job_name', 'final'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'Time a worker spent on one job attempt, by queue, job name and outcome',
    labelNames: ['queue', 'job_name', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'deliveries_total',
    help: 'Message delivery attempts by channel, outcome (sent, transient_error, permanent_error) and provider error code ("none" when there is none)',
    labelNames: ['channel', 'outcome', 'provider_code'] as const,
    registers: [this.registry],
  });

  readonly verifications = new Counter({
    name: 'verifications_total',
    help: 'Challenge verification attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'login_total',
    help: 'Login steps by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Call once per delivery attempt. `providerCode` is the provider's error code (e.g. Twilio 21211), never a message. */
  delivery(channel: string, outcome: DeliveryOutcome, providerCode?: string | number | null): void {
    this.deliveries.inc({ channel, outcome, provider_code: providerCode == null || providerCode === '' ? 'none' : String(providerCode).slice(0, 16) });
  }

  verification(outcome: VerificationOutcome): void {
    this.verifications.inc({ outcome });
  }

  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }

  /** The Prometheus text exposition of everything this process recorded. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
