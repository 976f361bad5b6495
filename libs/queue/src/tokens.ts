/** The shared request-path Redis client (fail-fast): rate limits, locks, caches, idempotency. */
export const REDIS = Symbol('REDIS');
