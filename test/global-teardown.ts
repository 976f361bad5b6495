// jest runs globalSetup/globalTeardown without moduleNameMapper, so the @app alias is not available here.
// eslint-disable-next-line no-restricted-imports
import type { ProvisionedService } from '../libs/testing/src';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __mfaServices?: ProvisionedService[] }).__mfaServices ?? [];
  await Promise.all(services.map((s) => s.stop()));
}
