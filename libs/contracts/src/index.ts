export * from './audit-events';
export * from './job-options';
export * from './payloads';
export * from './queues';
