import { spawnSync } from 'node:child_process';
import { AuditEventType } from '@app/contracts';
import { TestSystem, distEntry, startRedisServer, waitFor, waitForHttp, withMongo, type RedisServerHandle } from '@app/testing';

describe('foundation: three apps as separate processes on real Redis and a MongoDB-wire server', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'foundation' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('serves live and ready on every app', async () => {
    for (const name of ['api', 'notifier', 'audit'] as const) {
      const live = await fetch(`${system.app(name).url}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${system.app(name).url}/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { info: Record<string, { status: string }> };
      expect(body.info.mongodb.status).toBe('up');
      expect(body.info.redis.status).toBe('up');
    }
  });

  it('carries an event published by the api through BullMQ into the audit worker and MongoDB', async () => {
    const ws = await system.createWorkspace('Slice');
    const stored = await waitFor('workspace.created stored by the audit worker', () =>
      withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ workspaceId: ws.id, type: AuditEventType.WorkspaceCreated })),
    );
    expect(stored.seq).toBe(1);
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    const started = await withMongo(system.env.MONGO_URL, (db) => db.collection('audit_events').findOne({ type: AuditEventType.ServiceStarted }));
    expect(started).not.toBeNull();
  });

  it('answers errors in the contract shape', async () => {
    const unknownRoute = await system.api.get('/v1/nope', { token: 'x' });
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body).toMatchObject({ statusCode: 404, error: 'not_found' });
    const badJson = await system.api.post('/v1/workspaces', undefined, { token: system.operatorToken, raw: '{"name":' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
    const extraField = await system.api.post('/v1/workspaces', { name: 'x', extra: 1 }, { token: system.operatorToken });
    expect(extraField.status).toBe(400);
    expect(extraField.body.details).toEqual([{ field: 'extra', problems: [expect.stringContaining('should not exist')] }]);
    const noToken = await system.api.post('/v1/workspaces', { name: 'x' });
    expect(noToken.body).toMatchObject({ statusCode: 401, error: 'unauthorized' });
  });
});

describe('readiness follows Redis: 503 while it is down, 200 again once it is back, without a restart', () => {
  let redis: RedisServerHandle;
  let system: TestSystem;

  beforeAll(async () => {
    redis = await startRedisServer();
    system = await TestSystem.start({ suite: 'redisdown', redisUrl: redis.url });
  });
  afterAll(async () => {
    await system?.stop();
    await redis?.stop();
  });

  it('goes 503 on all three apps when the Redis it uses stops, and 200 after it restarts', async () => {
    const apps = ['api', 'notifier', 'audit'] as const;
    await redis.stop();
    for (const name of apps) await waitForHttp(`${system.app(name).url}/health/ready`, 15000, 503);
    await redis.restart();
    for (const name of apps) await waitForHttp(`${system.app(name).url}/health/ready`, 30000, 200);
  });
});

describe('configuration is validated at start-up', () => {
  it('stops an app whose CODE_PEPPER is unset in production, naming the variable', () => {
    const res = spawnSync(process.execPath, [distEntry('api')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', MONGO_URL: 'mongodb://127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_BASE_URL: 'https://mfa.example.com', OPERATOR_TOKEN: 'o'.repeat(32), DATA_KEY: Buffer.alloc(32).toString('base64'), JWT_SECRET: 'j'.repeat(40) },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('CODE_PEPPER is required');
  });

  it('stops an app whose DATA_KEY is not 32 bytes', () => {
    const res = spawnSync(process.execPath, [distEntry('notifier')], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', MONGO_URL: 'mongodb://127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1', PUBLIC_BASE_URL: 'https://mfa.example.com', DATA_KEY: 'c2hvcnQ=' },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/DATA_KEY is invalid: expected 32 bytes/);
  });
});
