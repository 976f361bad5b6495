import type { AppConfig } from '@app/config';
import type { Channel } from '@app/contracts';
import type { EmailSender, SmsSender } from './sender.interface';
import { TwilioSmsSender } from './twilio-sms.sender';
import { SmtpEmailSender } from './smtp-email.sender';
import { LogEmailSender, LogSmsSender } from './log.sender';

/**
 * A channel works when it has credentials, or in development where the log sender stands in.
 * In production a channel without credentials is off, and the API refuses it.
 */
export function availableChannels(config: AppConfig): Channel[] {
  const out: Channel[] = [];
  if (config.twilio || config.isDevelopment) out.push('sms');
  if (config.smtp || config.isDevelopment) out.push('email');
  return out;
}

export function createSmsSender(config: AppConfig): SmsSender | null {
  if (config.twilio) return new TwilioSmsSender(config.twilio);
  return config.isDevelopment ? new LogSmsSender(config.devOutboxFile) : null;
}

export function createEmailSender(config: AppConfig): EmailSender | null {
  if (config.smtp) return new SmtpEmailSender(config.smtp);
  return config.isDevelopment ? new LogEmailSender(config.devOutboxFile) : null;
}
