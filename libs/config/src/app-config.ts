import type { AppName } from './env.schema';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string;
  apiBaseUrl?: string;
}

export interface SmtpConfig {
  url: string;
  from: string;
}

/** The typed, validated configuration every app receives. */
export interface AppConfig {
  app: AppName;
  nodeEnv: 'development' | 'production' | 'test';
  isDevelopment: boolean;
  logLevel: string;
  mongo: { url: string; poolSize: number };
  redis: { url: string };
  queuePrefix: string;
  ports: { api: number; notifier: number; audit: number };
  port: number;
  publicBaseUrl: string;
  operatorToken: string;
  codePepper: string;
  dataKey: Buffer;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  viewerTokenTtlSeconds: number;
  /** Absent when the channel has no credentials: development logs instead, production refuses the channel. */
  twilio?: TwilioConfig;
  smtp?: SmtpConfig;
  delivery: { attempts: number; backoffMs: number; ratePerSecond: number; concurrency: number };
  shutdownTimeoutMs: number;
  auditRetentionDays: number;
  /** Expired challenges are deleted this long after expiry; the audit log keeps their story. */
  challengeRetentionHours: number;
  apiKeyRatePerMinute: number;
  dashboard: { user?: string; password?: string; readOnly: boolean };
  devOutboxFile: string;
  trustProxy: boolean;
  /** Test-only hooks; always zero outside NODE_ENV=test. */
  testHooks: { pauseAfterAcceptMs: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
