import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Channel, Sealed } from '@app/contracts';
import { DeliveryError, EMAIL_SENDER, SMS_SENDER, type EmailSender, type RenderedMessage, type SendResult, type SmsSender } from '@app/messaging';
import { MetricsService } from '@app/observability';
import { DataCipher } from '@app/security';

/**
 * The one place a delivery job's sealed destination is opened and handed to a provider: SMS (with the status
 * callback that feeds /v1/webhooks/twilio/status) or email. Shared by every kind of delivery.
 */
@Injectable()
export class MessageDispatcher {
  private readonly cipher: DataCipher;
  private readonly statusCallback: string;

  constructor(
    @Inject(SMS_SENDER) private readonly sms: SmsSender | null,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender | null,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.cipher = new DataCipher(config.dataKey);
    this.statusCallback = `${config.publicBaseUrl.replace(/\/+$/, '')}/v1/webhooks/twilio/status`;
  }

  /** False in production when the channel has no credentials: nothing can ever deliver it. */
  canSend(channel: Channel): boolean {
    return (channel === 'sms' ? this.sms : this.email) !== null;
  }

  open(sealed: Sealed): string {
    return this.cipher.open(sealed);
  }

  /** Throws the sender's DeliveryError (classified permanent or transient) when the provider refuses. */
  async send(channel: Channel, to: Sealed, message: RenderedMessage): Promise<SendResult> {
    const destination = this.open(to);
    try {
      const result =
        channel === 'sms'
          ? await this.sms!.send({ to: destination, body: message.sms, statusCallback: this.statusCallback })
          : await this.email!.send({ to: destination, ...message.email });
      this.metrics.delivery(channel, 'sent');
      return result;
    } catch (err) {
      // deliveries_total counts every attempt; the provider code (e.g. Twilio 21211) tells operators why.
      const refused = err instanceof DeliveryError ? err : undefined;
      this.metrics.delivery(channel, refused?.permanent ? 'permanent_error' : 'transient_error', refused?.providerCode);
      throw err;
    }
  }
}
