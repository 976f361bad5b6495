import { randomBytes } from 'node:crypto';
import { FakeTwilio } from './fake-twilio';
import { SmtpSink } from './smtp-sink';
import { HttpClient } from './http-client';
import { startApp, type AppName, type RunningApp } from './app-process';
import { freePort } from './ports';
import { withDatabase } from './provision-mongo';

export const TEST_SECRETS = {
  OPERATOR_TOKEN: 'test-operator-token-0123456789abcdef',
  CODE_PEPPER: 'test-code-pepper-0123456789abcdef0123456789',
  DATA_KEY: Buffer.alloc(32, 42).toString('base64'),
  JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789',
  TWILIO_ACCOUNT_SID: 'AC' + 'a1'.repeat(16),
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789',
  TWILIO_FROM: '+15005550006',
  SMTP_FROM: 'IrisCX <no-reply@iriscx.test>',
};

export interface SystemOptions {
  /** Short name: becomes part of the database name and the queue prefix. */
  suite: string;
  apps?: AppName[];
  env?: Record<string, string>;
  redisUrl?: string;
  mongoUrl?: string;
}

export interface TestWorkspace {
  id: string;
  adminKey: string;
}

/**
 * The whole system for one suite: fake Twilio and SMTP sink, then api, notifier and audit as separate
 * processes from the build, on the suite's own database and queue prefix so suites can run in parallel.
 */
export class TestSystem {
  readonly twilio = new FakeTwilio({ accountSid: TEST_SECRETS.TWILIO_ACCOUNT_SID, authToken: TEST_SECRETS.TWILIO_AUTH_TOKEN });
  readonly smtp = new SmtpSink();
  readonly apps = new Map<AppName, RunningApp>();
  readonly ports: Record<AppName, number> = { api: 0, notifier: 0, audit: 0 };
  env: Record<string, string> = {};
  api!: HttpClient;
  readonly operatorToken = TEST_SECRETS.OPERATOR_TOKEN;

  constructor(readonly options: SystemOptions) {}

  static async start(options: SystemOptions): Promise<TestSystem> {
    const system = new TestSystem(options);
    try {
      await system.boot();
    } catch (err) {
      await system.stop();
      throw err;
    }
    return system;
  }

  private async boot(): Promise<void> {
    const redisUrl = this.options.redisUrl ?? process.env.MFA_TEST_REDIS_URL;
    const mongoUrl = this.options.mongoUrl ?? process.env.MFA_TEST_MONGO_URL;
    if (!redisUrl || !mongoUrl) {
      throw new Error('No test Redis/MongoDB: run the suites through `npm test` (jest globalSetup provisions them), or set MFA_TEST_REDIS_URL and MFA_TEST_MONGO_URL');
    }
    await Promise.all([this.twilio.start(), this.smtp.start()]);
    this.ports.api = await freePort();
    this.ports.notifier = await freePort();
    this.ports.audit = await freePort();
    const unique = `${this.options.suite.replace(/[^a-z0-9]/gi, '').slice(0, 20)}${randomBytes(3).toString('hex')}`;
    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MONGO_URL: withDatabase(mongoUrl, `mfa_${unique}`),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `{mfa-${unique}}`,
      API_PORT: String(this.ports.api),
      NOTIFIER_PORT: String(this.ports.notifier),
      AUDIT_PORT: String(this.ports.audit),
      PUBLIC_BASE_URL: `http://127.0.0.1:${this.ports.api}`,
      ...TEST_SECRETS,
      TWILIO_API_BASE_URL: this.twilio.url,
      SMTP_URL: this.smtp.url,
      DELIVERY_BACKOFF_MS: '100',
      DELIVERY_ATTEMPTS: '4',
      SHUTDOWN_TIMEOUT_MS: '10000',
      ...(this.options.env ?? {}),
    };
    this.api = new HttpClient(`http://127.0.0.1:${this.ports.api}`);
    const names = this.options.apps ?? ['api', 'notifier', 'audit'];
    await Promise.all(names.map((name) => this.startApp(name)));
  }

  async startApp(name: AppName, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
    const app = await startApp(name, { ...this.env, ...extraEnv }, this.ports[name]);
    this.apps.set(name, app);
    return app;
  }

  app(name: AppName): RunningApp {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running in this test system`);
    return app;
  }

  /** All output of all apps so far: for log assertions. */
  logs(): string {
    return [...this.apps.values()].map((a) => a.output()).join('\n');
  }

  async createWorkspace(name = 'Test workspace'): Promise<TestWorkspace> {
    const res = await this.api.post('/v1/workspaces', { name }, { token: this.operatorToken });
    if (res.status !== 201) throw new Error(`creating a workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, adminKey: res.body.apiKey.key };
  }

  async createApiKey(workspace: TestWorkspace, role: 'admin' | 'service'): Promise<string> {
    const res = await this.api.post('/v1/api-keys', { name: `${role} key`, role }, { token: workspace.adminKey });
    if (res.status !== 201) throw new Error(`creating a key failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.key;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((a) => a.stop()));
    this.apps.clear();
    await Promise.allSettled([this.twilio.stop(), this.smtp.stop()]);
  }
}
