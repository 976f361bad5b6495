import { createTransport, Transporter } from 'nodemailer';
import { classifySmtpError } from './delivery-error';
import { EmailSender, OutgoingEmail, SendResult } from './sender.interface';

export interface SmtpEmailSenderOptions {
  /** smtp://user:pass@host:port or smtps://... */
  url: string;
  /** Envelope and header sender, e.g. `"IrisCX" <no-reply@iriscx.com>` */
  from: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export class SmtpEmailSender implements EmailSender {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;
  private readonly from: string;

  constructor(opts: SmtpEmailSenderOptions) {
    this.from = opts.from;
    const parsed = new URL(opts.url);
    const plainLoopback = parsed.protocol === 'smtp:' && LOOPBACK_HOSTS.has(parsed.hostname);
    // createTransport's second argument is message defaults, so pool options go beside the url.
    this.transporter = createTransport({
      url: opts.url,
      pool: true,
      maxConnections: 5,
      // Local sinks speak plain SMTP; remote servers keep opportunistic STARTTLS.
      ...(plainLoopback ? { ignoreTLS: true } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(msg: OutgoingEmail): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
      });
      return { providerMessageId: String(info.messageId) };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
