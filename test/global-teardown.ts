import type { ProvisionedService } from '../libs/testing/src'; // globalSetup runs outside jest's module mapper

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __mfaServices?: ProvisionedService[] }).__mfaServices ?? [];
  await Promise.all(services.map((s) => s.stop()));
}
