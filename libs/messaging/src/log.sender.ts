import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EmailSender, OutgoingEmail, OutgoingSms, SendResult, SmsSender } from './sender.interface';

interface OutboxLine {
  at: string;
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  body: string;
}

/**
 * Dev-only outbox. This is the one place allowed to print a code, so refuse to exist in
 * production rather than rely on wiring being right.
 */
class DevOutbox {
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {
    if (process.env.NODE_ENV === 'production') {
      throw new Error('Log senders print one-time codes and must not be used in production');
    }
  }

  append(line: OutboxLine): Promise<void> {
    // Serialised so concurrent sends never interleave partial lines.
    const next = this.chain.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, JSON.stringify(line) + '\n', 'utf8');
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

export class LogSmsSender implements SmsSender {
  readonly kind = 'log' as const;
  private readonly logger = new Logger('DevSmsOutbox');
  private readonly outbox: DevOutbox;

  constructor(outboxPath: string) {
    this.outbox = new DevOutbox(outboxPath);
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    await this.outbox.append({ at: new Date().toISOString(), channel: 'sms', to: msg.to, body: msg.body });
    this.logger.warn(`[dev outbox] SMS to ${msg.to}: ${msg.body}`);
    return { providerMessageId: `log-${randomUUID()}` };
  }
}

export class LogEmailSender implements EmailSender {
  readonly kind = 'log' as const;
  private readonly logger = new Logger('DevEmailOutbox');
  private readonly outbox: DevOutbox;

  constructor(outboxPath: string) {
    this.outbox = new DevOutbox(outboxPath);
  }

  async send(msg: OutgoingEmail): Promise<SendResult> {
    await this.outbox.append({
      at: new Date().toISOString(),
      channel: 'email',
      to: msg.to,
      subject: msg.subject,
      body: msg.text,
    });
    this.logger.warn(`[dev outbox] Email to ${msg.to} "${msg.subject}":\n${msg.text}`);
    return { providerMessageId: `log-${randomUUID()}` };
  }

  async close(): Promise<void> {}
}
