import twilio from 'twilio';
import type SdkRequestClient from 'twilio/lib/base/RequestClient';
import { classifyTwilioError } from './delivery-error';
import { OutgoingSms, SendResult, SmsSender } from './sender.interface';

export interface TwilioSmsSenderOptions {
  accountSid: string;
  authToken: string;
  /** E.164 number or messaging sender id */
  from: string;
  /** Send API calls here instead of https://api.twilio.com (fakes, local mocks). */
  apiBaseUrl?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Goes through the SDK's own RequestClient so auth, encoding and error parsing stay the
 * SDK's; only the origin is swapped when a base URL is configured.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base?: URL;

  constructor(opts: SdkRequestClient.RequestClientOptions, apiBaseUrl?: string) {
    super(opts);
    this.base = apiBaseUrl ? new URL(apiBaseUrl) : undefined;
  }

  override request<TData>(opts: SdkRequestClient.RequestOptions<TData>) {
    return super.request<TData>(this.base ? { ...opts, uri: this.rewrite(opts.uri) } : opts);
  }

  private rewrite(uri: string): string {
    const target = new URL(uri);
    const prefix = this.base!.pathname.replace(/\/+$/, '');
    return `${this.base!.origin}${prefix}${target.pathname}${target.search}`;
  }
}

export class TwilioSmsSender implements SmsSender {
  readonly kind = 'twilio' as const;
  private readonly client: twilio.Twilio;
  private readonly from: string;

  constructor(opts: TwilioSmsSenderOptions) {
    this.from = opts.from;
    const httpClient = new RedirectingRequestClient(
      // Retries belong to the BullMQ job, so the SDK must not add its own.
      { timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, autoRetry: false },
      opts.apiBaseUrl,
    );
    this.client = twilio(opts.accountSid, opts.authToken, { httpClient, autoRetry: false });
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    try {
      const created = await this.client.messages.create({
        to: msg.to,
        from: this.from,
        body: msg.body,
        ...(msg.statusCallback ? { statusCallback: msg.statusCallback } : {}),
      });
      return { providerMessageId: created.sid };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }
}
