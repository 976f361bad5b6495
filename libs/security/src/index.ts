export * from './codes';
export * from './data-cipher';
export * from './masking';
export * from './passwords';
export * from './phone';
export * from './redis-lock';
export * from './tokens';
