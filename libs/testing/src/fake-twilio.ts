import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { MessageWaiters } from './message-waiters';

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
}

/** One request to the Messages endpoint, accepted or not. */
export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
  at: Date;
  /** Account SID from the URL path */
  accountSid: string;
  /** Basic auth matched the configured account SID and token */
  authorized: boolean;
  /** HTTP status the fake answered with */
  httpStatus: number;
  /** true when answered 201, i.e. Twilio would have sent it */
  accepted: boolean;
}

export interface FakeTwilioFailure {
  status: number;
  code: number;
  message?: string;
}

export interface StatusCallbackOptions {
  errorCode?: string | number;
  /** Sign with this token instead of the real one, to forge a callback */
  authToken?: string;
  /** Post here instead of the message's StatusCallback */
  url?: string;
  /** URL to sign when the receiver sees a different one than we post to (proxies) */
  signatureUrl?: string;
}

export interface StatusCallbackResult {
  status: number;
  body: string;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Twilio's Messages API on a real local port, so the real SDK (and its HTTP stack) is
 * exercised end to end instead of a mocked client.
 */
export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: FakeTwilioMessage[] = [];

  private server?: Server;
  private port?: number;
  private pendingFailures: FakeTwilioFailure[] = [];
  private persistentFailure?: FakeTwilioFailure;
  private pendingDelays: number[] = [];
  private readonly waiters = new MessageWaiters<FakeTwilioMessage>(
    (to) => this.matching(to),
    (count, to, got, ms) => `FakeTwilio: expected ${count} accepted SMS${to ? ` to ${to}` : ''} within ${ms}ms, got ${got} (${this.messages.length} request(s) in total)`,
  );

  constructor(opts: FakeTwilioOptions) {
    this.accountSid = opts.accountSid;
    this.authToken = opts.authToken;
  }

  get url(): string {
    if (this.port === undefined) throw new Error('FakeTwilio is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  /** Messages answered 201 */
  get accepted(): FakeTwilioMessage[] {
    return this.messages.filter((m) => m.accepted);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) this.json(res, 500, twilioError(500, 20500, `Fake Twilio crashed: ${String(err)}`));
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.port = undefined;
    // The SDK keeps sockets alive; without this close() would wait for them to idle out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  failNext(n: number, failure: FakeTwilioFailure): void {
    for (let i = 0; i < n; i++) this.pendingFailures.push(failure);
  }

  failAll(failure: FakeTwilioFailure): void {
    this.persistentFailure = failure;
  }

  clearFailures(): void {
    this.pendingFailures = [];
    this.persistentFailure = undefined;
  }

  delayNext(ms: number, n = 1): void {
    for (let i = 0; i < n; i++) this.pendingDelays.push(ms);
  }

  reset(): void {
    this.messages.length = 0;
    this.clearFailures();
    this.pendingDelays = [];
  }

  /** Resolves with every accepted message (to `to`, if given) once at least `count` exist. */
  waitForMessages(count: number, opts: { to?: string; timeoutMs?: number } = {}): Promise<FakeTwilioMessage[]> {
    return this.waiters.wait(count, opts);
  }

  /** First 4-10 digit run of the latest accepted SMS to `to`. */
  lastCodeFor(to: string): string | undefined {
    const latest = this.matching(to).at(-1);
    return latest?.body.match(/\d{4,10}/)?.[0];
  }

  /** Posts a signed status callback the way Twilio does (HMAC-SHA1 over URL + sorted params). */
  async sendStatusCallback(
    msg: Pick<FakeTwilioMessage, 'sid' | 'to' | 'from' | 'statusCallback'>,
    status: string,
    opts: StatusCallbackOptions = {},
  ): Promise<StatusCallbackResult> {
    const url = opts.url ?? msg.statusCallback;
    if (!url) throw new Error(`FakeTwilio: message ${msg.sid} has no StatusCallback and no url was given`);
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: msg.from,
      MessageSid: msg.sid,
      MessageStatus: status,
      SmsSid: msg.sid,
      SmsStatus: status,
      To: msg.to,
    };
    if (opts.errorCode !== undefined) params.ErrorCode = String(opts.errorCode);
    const signature = twilio.getExpectedTwilioSignature(opts.authToken ?? this.authToken, opts.signatureUrl ?? url, params);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signature,
        'User-Agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  }

  private matching(to?: string): FakeTwilioMessage[] {
    return this.messages.filter((m) => m.accepted && (to === undefined || m.to === to));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const match = MESSAGES_PATH.exec(path);
    if (!match || req.method !== 'POST') {
      await readBody(req);
      this.json(res, 404, twilioError(404, 20404, `The requested resource ${path} was not found`));
      return;
    }

    const pathSid = decodeURIComponent(match[1]);
    const form = new URLSearchParams(await readBody(req));
    const record: FakeTwilioMessage = {
      sid: 'SM' + randomBytes(16).toString('hex'),
      to: form.get('To') ?? '',
      from: form.get('From') ?? '',
      body: form.get('Body') ?? '',
      ...(form.get('StatusCallback') ? { statusCallback: form.get('StatusCallback')! } : {}),
      at: new Date(),
      accountSid: pathSid,
      authorized: this.isAuthorized(req, pathSid),
      httpStatus: 0,
      accepted: false,
    };

    const delay = this.pendingDelays.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));

    const [status, payload] = this.decide(record);
    record.httpStatus = status;
    record.accepted = status === 201;
    this.messages.push(record);
    this.json(res, status, payload);
    if (record.accepted) this.waiters.notify();
  }

  private decide(m: FakeTwilioMessage): [number, object] {
    if (!m.authorized) return [401, twilioError(401, 20003, 'Authenticate')];
    const failure = this.pendingFailures.shift() ?? this.persistentFailure;
    if (failure) {
      return [failure.status, twilioError(failure.status, failure.code, failure.message ?? `Simulated failure ${failure.code}`)];
    }
    if (!m.to) return [400, twilioError(400, 21604, "A 'To' phone number is required.")];
    if (!m.from) return [400, twilioError(400, 21603, "A 'From' phone number is required.")];
    if (!m.body) return [400, twilioError(400, 21602, 'Message body is required.')];
    if (!E164.test(m.to)) return [400, twilioError(400, 21211, `The 'To' number ${m.to} is not a valid phone number.`)];
    return [201, this.resource(m)];
  }

  private resource(m: FakeTwilioMessage): object {
    const now = m.at.toUTCString().replace('GMT', '+0000');
    return {
      account_sid: m.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: m.from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
    };
  }

  private isAuthorized(req: IncomingMessage, pathSid: string): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const user = decoded.slice(0, sep);
    const pass = decoded.slice(sep + 1);
    return sep > 0 && user === this.accountSid && pass === this.authToken && pathSid === this.accountSid;
  }

  private json(res: ServerResponse, status: number, payload: object): void {
    const body = JSON.stringify(payload);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
