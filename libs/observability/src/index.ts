export * from './http-app';
export * from './logger.module';
export * from './request-context';
export * from './metrics';
export * from './shutdown';
