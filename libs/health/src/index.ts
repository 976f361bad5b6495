export * from './health.module';
export * from './queue.health';
export * from './redis.health';
export * from './with-timeout';
export * from './route-access';
