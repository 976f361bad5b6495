import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** A video shared directly with a list of recipients; each recipient has a personal link. */
@Schema({ collection: 'shares', timestamps: true, versionKey: false })
export class Share {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ type: Object, required: true }) video!: { id: string; title: string };
  @Prop({ type: String, default: null }) message!: string | null;
  @Prop({ required: true }) locale!: string;
  /** Settings' Require Authentication at the time of sharing. */
  @Prop({ required: true }) requiresCode!: boolean;
  /** Masked address the sharer is notified at; the sealed copy lives on each recipient's link. */
  @Prop({ type: String, default: null }) notifyEmail!: string | null;
  @Prop({ type: Object, required: true }) createdBy!: { kind: string; id: string };
  createdAt!: Date;
  updatedAt!: Date;
}
export type ShareDocument = HydratedDocument<Share>;
export const ShareSchema = SchemaFactory.createForClass(Share);
ShareSchema.index({ workspaceId: 1, createdAt: -1 });

/**
 * queued → sent (the provider accepted it) → the provider's verdict: delivered, undelivered or failed (with its
 * error code). Before a provider id exists, `failed` means a try failed and will be retried; `undeliverable`
 * means no try is left.
 */
export type ShareDeliveryStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'undeliverable';
export type ProviderDeliveryStatus = 'delivered' | 'undelivered' | 'failed';

export interface ShareDelivery {
  status: ShareDeliveryStatus;
  /** Provider calls made so far (each try of the queue job counts). */
  attempts: number;
  /** Set once the provider accepted the message: a retried job never sends it again. */
  providerMessageId: string | null;
  lastError: string | null;
  sentAt: Date | null;
  updatedAt: Date;
}

/** One recipient of a share, its own document so the notifier can update its delivery without touching others. */
@Schema({ collection: 'share_recipients', versionKey: false })
export class ShareRecipient {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true }) shareId!: string;
  @Prop({ required: true }) linkId!: string;
  @Prop({ required: true, enum: ['sms', 'email'] }) channel!: 'sms' | 'email';
  @Prop({ required: true }) toSealed!: string;
  @Prop({ required: true }) toHash!: string;
  @Prop({ required: true }) masked!: string;
  @Prop({ required: true }) position!: number;
  @Prop({ type: Object, required: true }) delivery!: ShareDelivery;
}
export const ShareRecipientSchema = SchemaFactory.createForClass(ShareRecipient);
ShareRecipientSchema.index({ workspaceId: 1, shareId: 1, position: 1 });
ShareRecipientSchema.index({ 'delivery.providerMessageId': 1 });
