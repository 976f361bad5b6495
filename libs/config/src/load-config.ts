import { randomBytes } from 'node:crypto';
import { envSchema, type AppName, type Env } from './env.schema';
import type { AppConfig } from './app-config';

export class ConfigError extends Error {}

/** What each app cannot start without. */
const REQUIRED: Record<AppName, (keyof Env)[]> = {
  api: ['MONGO_URL', 'REDIS_URL', 'PUBLIC_BASE_URL', 'OPERATOR_TOKEN', 'CODE_PEPPER', 'DATA_KEY', 'JWT_SECRET'],
  notifier: ['MONGO_URL', 'REDIS_URL', 'PUBLIC_BASE_URL', 'DATA_KEY'],
  audit: ['MONGO_URL', 'REDIS_URL'],
};

// Development only: fresh random secrets per process would break tokens across apps, so these are fixed and public.
const DEVELOPMENT_DEFAULTS: Partial<Record<keyof Env, string>> = {
  MONGO_URL: 'mongodb://127.0.0.1:27017/mfa',
  REDIS_URL: 'redis://127.0.0.1:6379',
  PUBLIC_BASE_URL: 'http://localhost:3000',
  OPERATOR_TOKEN: 'dev-operator-token-not-for-production',
  CODE_PEPPER: 'dev-code-pepper-not-for-production-0000',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  JWT_SECRET: 'dev-jwt-secret-not-for-production-000000',
};

const HINTS: Partial<Record<keyof Env, string>> = {
  CODE_PEPPER: 'a random secret of at least 32 characters (openssl rand -base64 48)',
  JWT_SECRET: 'a random secret of at least 32 characters (openssl rand -base64 48)',
  OPERATOR_TOKEN: 'a random secret of at least 24 characters',
  DATA_KEY: '32 random bytes, base64-encoded (openssl rand -base64 32)',
  MONGO_URL: 'a mongodb:// URL including the database name',
  REDIS_URL: 'a redis:// URL',
  PUBLIC_BASE_URL: 'the https:// origin link URLs start with',
};

/**
 * Validates the environment once. Throws ConfigError whose message names the variable and what is expected;
 * the caller prints it and exits. Returns the warnings to log (development defaults in use).
 */
export function loadConfig(app: AppName, source: NodeJS.ProcessEnv = process.env): { config: AppConfig; warnings: string[] } {
  const env: Record<string, string | undefined> = { ...source };
  for (const key of Object.keys(env)) if (env[key] === '') delete env[key];
  const warnings: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'production';

  for (const key of REQUIRED[app]) {
    if (env[key] !== undefined) continue;
    const fallback = DEVELOPMENT_DEFAULTS[key];
    if (nodeEnv === 'development' && fallback !== undefined) {
      env[key] = fallback;
      warnings.push(`${key} is not set: using the public DEVELOPMENT default. Never run like this in production.`);
    } else {
      throw new ConfigError(`${key} is required: ${HINTS[key] ?? 'see .env.example'}`);
    }
  }
  // Apps that do not need a secret still get a harmless placeholder so one typed object serves all three.
  for (const key of ['PUBLIC_BASE_URL', 'OPERATOR_TOKEN', 'CODE_PEPPER', 'DATA_KEY', 'JWT_SECRET'] as const) {
    if (env[key] === undefined && !REQUIRED[app].includes(key)) {
      env[key] = key === 'PUBLIC_BASE_URL' ? 'http://localhost' : key === 'DATA_KEY' ? randomBytes(32).toString('base64') : randomBytes(32).toString('hex');
    }
  }

  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name} is invalid: expected ${issue.message}`);
  }
  const e = parsed.data;

  const twilioParts = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM];
  if (twilioParts.some(Boolean) && !twilioParts.every(Boolean)) {
    const missing = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'].filter((_, i) => !twilioParts[i]);
    throw new ConfigError(`${missing[0]} is required when any TWILIO_* variable is set`);
  }
  if (e.CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS > 0 && e.NODE_ENV !== 'test') {
    throw new ConfigError('CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS is invalid: expected it unset outside NODE_ENV=test');
  }
  if (e.SMTP_URL && !e.SMTP_FROM) throw new ConfigError('SMTP_FROM is required when SMTP_URL is set');
  if (Boolean(e.DASHBOARD_USER) !== Boolean(e.DASHBOARD_PASSWORD)) {
    throw new ConfigError(`${e.DASHBOARD_USER ? 'DASHBOARD_PASSWORD' : 'DASHBOARD_USER'} is required when the other is set`);
  }

  const config: AppConfig = {
    app,
    nodeEnv: e.NODE_ENV,
    isDevelopment: e.NODE_ENV === 'development',
    logLevel: e.LOG_LEVEL,
    mongo: { url: e.MONGO_URL, poolSize: e.MONGO_POOL_SIZE },
    redis: { url: e.REDIS_URL },
    queuePrefix: e.QUEUE_PREFIX,
    ports: { api: e.API_PORT, notifier: e.NOTIFIER_PORT, audit: e.AUDIT_PORT },
    port: { api: e.API_PORT, notifier: e.NOTIFIER_PORT, audit: e.AUDIT_PORT }[app],
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    operatorToken: e.OPERATOR_TOKEN,
    codePepper: e.CODE_PEPPER,
    dataKey: Buffer.from(e.DATA_KEY, 'base64'),
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    viewerTokenTtlSeconds: e.VIEWER_TOKEN_TTL_SECONDS,
    twilio: e.TWILIO_ACCOUNT_SID
      ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN!, from: e.TWILIO_FROM!, apiBaseUrl: e.TWILIO_API_BASE_URL }
      : undefined,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM! } : undefined,
    delivery: { attempts: e.DELIVERY_ATTEMPTS, backoffMs: e.DELIVERY_BACKOFF_MS, ratePerSecond: e.DELIVERY_RATE_PER_SECOND, concurrency: e.WORKER_CONCURRENCY },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    challengeRetentionHours: e.CHALLENGE_RETENTION_HOURS,
    apiKeyRatePerMinute: e.API_KEY_RATE_PER_MINUTE,
    dashboard: { user: e.DASHBOARD_USER, password: e.DASHBOARD_PASSWORD, readOnly: e.DASHBOARD_READ_ONLY },
    devOutboxFile: e.DEV_OUTBOX_FILE,
    trustProxy: e.TRUST_PROXY,
    testHooks: { pauseAfterAcceptMs: e.CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS },
  };
  if (config.isDevelopment) {
    if (!config.twilio) warnings.push('SMS has no Twilio credentials: DEVELOPMENT log sender in use, codes are written to the notifier log and ' + config.devOutboxFile);
    if (!config.smtp) warnings.push('Email has no SMTP_URL: DEVELOPMENT log sender in use, codes are written to the notifier log and ' + config.devOutboxFile);
  }
  return { config, warnings };
}

/** For main.ts: validate or exit with one line naming the variable. */
export function loadConfigOrExit(app: AppName): AppConfig {
  try {
    const { config, warnings } = loadConfig(app);
    for (const w of warnings) process.stderr.write(`\n*** WARNING [${app}] ${w} ***\n`);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`[${app}] configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
