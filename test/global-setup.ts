// jest runs globalSetup/globalTeardown without moduleNameMapper, so the @app alias is not available here.
// eslint-disable-next-line no-restricted-imports
import { distEntry, provisionMongo, provisionRedis, type ProvisionedService } from '../libs/testing/src';

/**
 * Provisions Redis and a MongoDB-wire server once for all end-to-end suites (each suite then takes its
 * own database and queue prefix). What is started here is stopped in global-teardown.ts.
 */
export default async function globalSetup(): Promise<void> {
  for (const app of ['api', 'notifier', 'audit'] as const) distEntry(app);
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  const redis = await provisionRedis();
  let mongo: ProvisionedService;
  try {
    mongo = await provisionMongo(process.env, log);
  } catch (err) {
    await redis.stop();
    throw err;
  }
  log(`Redis: ${redis.describe}; MongoDB: ${mongo.describe}`);
  process.env.MFA_TEST_REDIS_URL = redis.url;
  process.env.MFA_TEST_MONGO_URL = mongo.url;
  (globalThis as { __mfaServices?: ProvisionedService[] }).__mfaServices = [redis, mongo];
}
