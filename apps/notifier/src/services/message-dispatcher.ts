import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Channel, Sealed } from '@app/contracts';
import { EMAIL_SENDER, SMS_SENDER, type EmailSender, type RenderedMessage, type SendResult, type SmsSender } from '@app/messaging';
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
  send(channel: Channel, to: Sealed, message: RenderedMessage): Promise<SendResult> {
    const destination = this.open(to);
    if (channel === 'sms') return this.sms!.send({ to: destination, body: message.sms, statusCallback: this.statusCallback });
    return this.email!.send({ to: destination, ...message.email });
  }
}
