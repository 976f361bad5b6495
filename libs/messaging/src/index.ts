export * from './sender.interface';
export * from './delivery-error';
export * from './twilio-sms.sender';
export * from './smtp-email.sender';
export * from './log.sender';
export * from './message-templates';
export * from './channels';
