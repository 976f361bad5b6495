import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, SYSTEM_WORKSPACE } from '@app/contracts';
import type { ProviderDeliveryStatus } from '@app/database';
import { AuditPublisher } from '@app/queue';
import { DomainError } from '../common/domain-error';
import { DeliveryStatusRouter } from './delivery-status.router';

export const TWILIO_STATUS_PATH = '/v1/webhooks/twilio/status';
const RECORDED: ReadonlySet<string> = new Set<ProviderDeliveryStatus>(['delivered', 'undelivered', 'failed']);

@Injectable()
export class WebhooksService {
  constructor(
    private readonly deliveries: DeliveryStatusRouter,
    private readonly audit: AuditPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The URL Twilio signs: the public one we gave it as statusCallback, not whatever a proxy made of it. */
  get statusCallbackUrl(): string {
    return `${this.config.publicBaseUrl.replace(/\/+$/, '')}${TWILIO_STATUS_PATH}`;
  }

  async twilioStatus(signature: string | undefined, params: Record<string, string>, remoteIp: string): Promise<{ recorded: boolean }> {
    // Without a Twilio account nothing was sent by SMS, so there is nothing to receive.
    if (!this.config.twilio) throw new DomainError(404, 'not_found', 'No such route');
    if (!signature || !twilio.validateRequest(this.config.twilio.authToken, signature, this.statusCallbackUrl, params)) {
      await this.audit.record(SYSTEM_WORKSPACE, AuditEventType.WebhookRejected, { kind: 'system', id: 'twilio' }, { kind: 'webhook', id: 'twilio.status' }, {
        reason: signature ? 'bad_signature' : 'no_signature',
        ip: remoteIp,
      });
      throw new DomainError(403, 'invalid_signature', 'X-Twilio-Signature does not match this request');
    }
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus;
    // Intermediate states (queued, sent…) change nothing we act on.
    if (!sid || !status || !RECORDED.has(status)) return { recorded: false };
    const errorCode = params.ErrorCode && /^\w{1,16}$/.test(params.ErrorCode) ? params.ErrorCode : undefined;
    return { recorded: await this.deliveries.record(sid, status as ProviderDeliveryStatus, errorCode) };
  }
}
