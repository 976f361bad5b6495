export * from './fake-twilio';
export * from './smtp-sink';
