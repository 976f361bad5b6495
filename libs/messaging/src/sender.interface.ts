export interface OutgoingSms {
  /** E.164, e.g. +15551234567 */
  to: string;
  body: string;
  statusCallback?: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SendResult {
  providerMessageId: string;
}

export interface SmsSender {
  readonly kind: 'twilio' | 'log';
  send(msg: OutgoingSms): Promise<SendResult>;
}

export interface EmailSender {
  readonly kind: 'smtp' | 'log';
  send(msg: OutgoingEmail): Promise<SendResult>;
  close?(): Promise<void>;
}

export const SMS_SENDER = Symbol('SMS_SENDER');
export const EMAIL_SENDER = Symbol('EMAIL_SENDER');
