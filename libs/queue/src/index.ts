export * from './job-handlers';
export * from './job.producer';
export * from './queue.module';
export * from './redis';
export * from './tokens';
export * from './audit.publisher';
export * from './document-locks';
