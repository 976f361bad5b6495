import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MessageWaiters } from './message-waiters';

export interface SinkMessage {
  /** Envelope recipients (RCPT TO), lower-cased */
  to: string[];
  /** From header as text, e.g. `"IrisCX" <no-reply@iriscx.test>` */
  from: string;
  subject: string;
  text: string;
  html: string;
  at: Date;
  messageId?: string;
}

export type SmtpRejectCode = 450 | 550 | 503;

const REJECT_TEXT: Record<SmtpRejectCode, string> = {
  450: 'Requested mail action not taken: mailbox unavailable, try again later',
  550: 'Requested action not taken: mailbox unavailable',
  503: 'Bad sequence of commands',
};

/** Plain-text SMTP server on a local port that keeps every message it accepts. */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];

  private server?: SMTPServer;
  private port?: number;
  private rejections: SmtpRejectCode[] = [];
  private readonly waiters = new MessageWaiters<SinkMessage>(
    (to) => this.matching(to),
    (count, to, got, ms) => `SmtpSink: expected ${count} email(s)${to ? ` to ${to}` : ''} within ${ms}ms, got ${got} (${this.messages.length} in total)`,
  );

  get url(): string {
    if (this.port === undefined) throw new Error('SmtpSink is not started');
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 500,
      onAuth: (auth, _session, cb) => cb(null, { user: auth.username ?? 'anonymous' }),
      onRcptTo: (_address, _session, cb) => cb(this.takeRejection()),
      onData: (stream, session, cb) => {
        simpleParser(stream)
          .then((parsed) => {
            this.record({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              at: new Date(),
              ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
            });
            cb();
          })
          .catch((err: Error) => cb(Object.assign(new Error(`Unparseable message: ${err.message}`), { responseCode: 554 })));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Client disconnects surface as server errors; they must not crash the test process.
    server.on('error', () => undefined);
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.port = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next n recipients (RCPT TO) are refused with `code`. */
  rejectNext(n: number, code: SmtpRejectCode): void {
    for (let i = 0; i < n; i++) this.rejections.push(code);
  }

  reset(): void {
    this.messages.length = 0;
    this.rejections = [];
  }

  /** Resolves with every message (to `to`, if given) once at least `count` exist. */
  waitForMessages(count: number, opts: { to?: string; timeoutMs?: number } = {}): Promise<SinkMessage[]> {
    return this.waiters.wait(count, opts);
  }

  /** First 4-10 digit run of the latest email to `to` (text part, else subject). */
  lastCodeFor(to: string): string | undefined {
    const latest = this.matching(to).at(-1);
    if (!latest) return undefined;
    return (latest.text.match(/\d{4,10}/) ?? latest.subject.match(/\d{4,10}/))?.[0];
  }

  private takeRejection(): Error | null {
    const code = this.rejections.shift();
    if (code === undefined) return null;
    return Object.assign(new Error(REJECT_TEXT[code]), { responseCode: code });
  }

  private matching(to?: string): SinkMessage[] {
    const want = to?.toLowerCase();
    return this.messages.filter((m) => want === undefined || m.to.includes(want));
  }

  private record(msg: SinkMessage): void {
    this.messages.push(msg);
    this.waiters.notify();
  }
}
