import { loadConfig } from './load-config';

const production = {
  NODE_ENV: 'production',
  MONGO_URL: 'mongodb://db:27017/mfa',
  REDIS_URL: 'redis://cache:6379',
  PUBLIC_BASE_URL: 'https://mfa.example.com/',
  OPERATOR_TOKEN: 'o'.repeat(32),
  CODE_PEPPER: 'p'.repeat(40),
  DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  JWT_SECRET: 'j'.repeat(40),
};

describe('loadConfig', () => {
  it('builds the typed config from a complete production environment', () => {
    const { config, warnings } = loadConfig('api', production);
    expect(config.port).toBe(3000);
    expect(config.publicBaseUrl).toBe('https://mfa.example.com');
    expect(config.dataKey).toHaveLength(32);
    expect(config.twilio).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each(['CODE_PEPPER', 'DATA_KEY', 'JWT_SECRET', 'OPERATOR_TOKEN', 'MONGO_URL'])('names %s when the api starts without it in production', (name) => {
    const env: Record<string, string> = { ...production };
    delete env[name];
    expect(() => loadConfig('api', env)).toThrow(`${name} is required`);
  });

  it('treats an empty variable as unset', () => {
    expect(() => loadConfig('api', { ...production, CODE_PEPPER: '' })).toThrow('CODE_PEPPER is required');
  });

  it('names a malformed value and what is expected', () => {
    expect(() => loadConfig('api', { ...production, DATA_KEY: 'dG9vIHNob3J0' })).toThrow('DATA_KEY is invalid: expected 32 bytes');
    expect(() => loadConfig('api', { ...production, API_PORT: 'eighty' })).toThrow('API_PORT is invalid');
    expect(() => loadConfig('api', { ...production, REDIS_URL: 'http://x' })).toThrow('REDIS_URL is invalid');
  });

  it('requires the whole Twilio triple once any part is set', () => {
    expect(() => loadConfig('notifier', { ...production, TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) })).toThrow('TWILIO_AUTH_TOKEN is required');
  });

  it('fills secrets only in development, and says so', () => {
    const { config, warnings } = loadConfig('api', { NODE_ENV: 'development' });
    expect(config.codePepper.length).toBeGreaterThanOrEqual(32);
    expect(warnings.join('\n')).toMatch(/CODE_PEPPER is not set: using the public DEVELOPMENT default/);
    expect(warnings.join('\n')).toMatch(/log sender/);
  });

  it('does not demand api secrets from the audit worker', () => {
    const { config } = loadConfig('audit', { NODE_ENV: 'production', MONGO_URL: production.MONGO_URL, REDIS_URL: production.REDIS_URL });
    expect(config.port).toBe(3002);
  });

  it('refuses the test-only delivery pause outside NODE_ENV=test', () => {
    expect(() => loadConfig('notifier', { ...production, CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS: '5000' })).toThrow('CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS is invalid');
    const { config } = loadConfig('notifier', { ...production, NODE_ENV: 'test', CHALLENGE_DELIVERY_PAUSE_AFTER_ACCEPT_MS: '5000' });
    expect(config.testHooks.pauseAfterAcceptMs).toBe(5000);
  });
});
