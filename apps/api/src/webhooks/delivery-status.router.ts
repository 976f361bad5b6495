import { Injectable } from '@nestjs/common';
import type { ProviderDeliveryStatus } from '@app/database';
import { ChallengesService } from '../challenges/challenges.service';
import { SharesService } from '../shares/shares.service';

/**
 * Where a provider's message status belongs: the callback names only the message, so each feature that sends
 * SMS is asked in turn whether the message is one of its own. Codes first (the common case), then share links.
 */
@Injectable()
export class DeliveryStatusRouter {
  constructor(
    private readonly challenges: ChallengesService,
    private readonly shares: SharesService,
  ) {}

  /** True when some delivery took the status; false for a message that is not ours or was already decided. */
  async record(providerMessageId: string, status: ProviderDeliveryStatus, errorCode: string | undefined): Promise<boolean> {
    if (await this.challenges.recordProviderStatus(providerMessageId, status, errorCode)) return true;
    return this.shares.recordProviderStatus(providerMessageId, status, errorCode);
  }
}
