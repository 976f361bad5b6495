import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Share, ShareRecipient, type ProviderDeliveryStatus, type ShareDelivery, type ShareDeliveryStatus } from './share.schema';

export type NewShare = Omit<Share, 'workspaceId' | 'createdAt' | 'updatedAt'>;
export type NewShareRecipient = Omit<ShareRecipient, 'workspaceId' | 'shareId' | 'delivery'>;

/** Statuses a provider callback may not move a delivery out of (a late "sent" must not undo "delivered"). */
const FINAL_STATUSES: ShareDeliveryStatus[] = ['delivered', 'undelivered', 'undeliverable'];

@Injectable()
export class SharesRepository {
  constructor(
    @InjectModel(Share.name) private readonly shares: Model<Share>,
    @InjectModel(ShareRecipient.name) private readonly recipients: Model<ShareRecipient>,
  ) {}

  async create(workspaceId: string, share: NewShare, recipients: NewShareRecipient[]): Promise<void> {
    const now = new Date();
    const delivery: ShareDelivery = { status: 'queued', attempts: 0, providerMessageId: null, lastError: null, sentAt: null, updatedAt: now };
    // Recipients first: a share document is only ever visible with all of its recipients.
    await this.recipients.insertMany(recipients.map((r) => ({ ...r, workspaceId, shareId: share._id, delivery })));
    await this.shares.create({ ...share, workspaceId });
  }

  findById(workspaceId: string, id: string): Promise<Share | null> {
    return this.shares.findOne({ _id: id, workspaceId }).lean<Share>().exec();
  }

  listRecipients(workspaceId: string, shareId: string): Promise<ShareRecipient[]> {
    return this.recipients.find({ workspaceId, shareId }).sort({ position: 1 }).lean<ShareRecipient[]>().exec();
  }

  findRecipient(workspaceId: string, recipientId: string): Promise<ShareRecipient | null> {
    return this.recipients.findOne({ _id: recipientId, workspaceId }).lean<ShareRecipient>().exec();
  }

  /** Counts one provider call before it is made, so the attempt shows even if the process dies mid-call. */
  async countAttempt(workspaceId: string, recipientId: string, attempt: number): Promise<void> {
    await this.recipients
      .updateOne({ _id: recipientId, workspaceId, 'delivery.attempts': { $lt: attempt } }, { $set: { 'delivery.attempts': attempt, 'delivery.updatedAt': new Date() } })
      .exec();
  }

  async markSent(workspaceId: string, recipientId: string, providerMessageId: string): Promise<void> {
    const now = new Date();
    await this.recipients
      .updateOne(
        { _id: recipientId, workspaceId, 'delivery.status': { $nin: FINAL_STATUSES } },
        { $set: { 'delivery.status': 'sent', 'delivery.providerMessageId': providerMessageId, 'delivery.lastError': null, 'delivery.sentAt': now, 'delivery.updatedAt': now } },
      )
      .exec();
  }

  /** `failed` = this try failed and will be retried; `undeliverable` = no try is left (or the error is permanent). */
  async markFailed(workspaceId: string, recipientId: string, status: 'failed' | 'undeliverable', error: string): Promise<void> {
    await this.recipients
      .updateOne(
        { _id: recipientId, workspaceId, 'delivery.providerMessageId': null },
        { $set: { 'delivery.status': status, 'delivery.lastError': error, 'delivery.updatedAt': new Date() } },
      )
      .exec();
  }

  /** Provider status callbacks (Twilio) name the message, not the tenant: the provider id is what finds it. */
  findRecipientByProviderId(providerMessageId: string): Promise<ShareRecipient | null> {
    return this.recipients.findOne({ 'delivery.providerMessageId': providerMessageId }).lean<ShareRecipient>().exec();
  }

  /**
   * The provider's verdict, taken only by a delivery that is `sent` under that very message id, so a late or
   * repeated callback never overwrites an earlier verdict. False when nothing changed.
   */
  async recordProviderVerdict(workspaceId: string, recipientId: string, providerMessageId: string, status: ProviderDeliveryStatus, error?: string): Promise<boolean> {
    const res = await this.recipients
      .updateOne(
        { _id: recipientId, workspaceId, 'delivery.providerMessageId': providerMessageId, 'delivery.status': 'sent' },
        { $set: { 'delivery.status': status, 'delivery.lastError': error ?? null, 'delivery.updatedAt': new Date() } },
      )
      .exec();
    return res.modifiedCount === 1;
  }
}
