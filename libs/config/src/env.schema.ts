import { z } from 'zod';

export type AppName = 'api' | 'notifier' | 'audit';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const bool = (fallback: boolean) =>
  z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1');
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);
const secret = (min: number) => z.string().min(min, `at least ${min} characters`);
const dataKey = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, '32 bytes, base64-encoded (openssl rand -base64 32)');

/** Every variable the three apps read. Required-ness per app is decided in load-config.ts. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGO_URL: url(['mongodb:', 'mongodb+srv:']),
  MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  REDIS_URL: url(['redis:', 'rediss:']),
  QUEUE_PREFIX: z.string().min(1).default('{mfa}'),
  API_PORT: port(3000),
  NOTIFIER_PORT: port(3001),
  AUDIT_PORT: port(3002),
  PUBLIC_BASE_URL: url(['http:', 'https:']),
  OPERATOR_TOKEN: secret(24),
  CODE_PEPPER: secret(32),
  DATA_KEY: dataKey,
  JWT_SECRET: secret(32),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  VIEWER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(1800),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  TWILIO_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32}|[A-Za-z0-9 ]{1,11})$/, 'an E.164 number, a messaging service SID or an alphanumeric sender').optional(),
  TWILIO_API_BASE_URL: url(['http:', 'https:']).optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(600000).default(2000),
  DELIVERY_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10000).default(50),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(20000),
  CHALLENGE_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  API_KEY_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1000000).default(600),
  DASHBOARD_USER: z.string().min(1).optional(),
  DASHBOARD_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  DASHBOARD_READ_ONLY: bool(false),
  DEV_OUTBOX_FILE: z.string().default('.dev/outbox.jsonl'),
  TRUST_PROXY: bool(false),
  /** Fault injection for the crash test; refused outside NODE_ENV=test (load-config.ts). */
  CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS: z.coerce.number().int().min(0).max(600000).default(0),
});

export type Env = z.infer<typeof envSchema>;
