import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

export type StoredChallengeStatus = 'pending' | 'approved' | 'canceled' | 'locked' | 'undeliverable';
export type ChallengeChannel = 'sms' | 'email';
/** queued → retrying → sent (provider accepted) → delivered | undelivered | failed (provider callback). */
export type ChallengeDeliveryStatus = 'queued' | 'retrying' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'skipped';

/** The current send only: a resend or fallback replaces it with a new send number. */
@Schema({ _id: false, versionKey: false })
export class ChallengeDelivery {
  @Prop({ required: true }) sendNo!: number;
  @Prop({ required: true, enum: ['sms', 'email'] }) channel!: ChallengeChannel;
  @Prop({ required: true }) status!: ChallengeDeliveryStatus;
  @Prop({ required: true, default: 0 }) attempts!: number;
  /** Set the moment the provider accepts: a retried job that finds it does not send again. */
  @Prop({ type: String, default: null }) providerMessageId!: string | null;
  /** Provider or classification code only, never a provider message (it may echo the destination). */
  @Prop({ type: String, default: null }) lastError!: string | null;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
}
const ChallengeDeliverySchema = SchemaFactory.createForClass(ChallengeDelivery);

@Schema({ collection: 'challenges', timestamps: true, versionKey: false })
export class Challenge {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true, index: true }) workspaceId!: string;
  @Prop({ required: true, enum: ['api', 'login', 'link_view'] }) purpose!: 'api' | 'login' | 'link_view';
  @Prop({ type: String, default: null }) subjectId!: string | null;
  @Prop({ required: true, enum: ['sms', 'email'] }) channel!: ChallengeChannel;
  /** Destination sealed with DATA_KEY, its keyed hash for look-ups and limits, and the masked form for display. */
  @Prop({ required: true }) toSealed!: string;
  @Prop({ required: true }) toHash!: string;
  @Prop({ required: true }) toMasked!: string;
  @Prop({ type: String, default: null }) fallbackEmailSealed!: string | null;
  @Prop({ required: true }) locale!: string;
  /** HMAC-SHA256(CODE_PEPPER, id.sendNo.code): the only trace of the code. */
  @Prop({ required: true }) codeHash!: string;
  /** Send version: bumps on every resend or fallback and is bound into the code's HMAC. */
  @Prop({ required: true }) sendNo!: number;
  @Prop({ required: true, enum: ['pending', 'approved', 'canceled', 'locked', 'undeliverable'] }) status!: StoredChallengeStatus;
  @Prop({ required: true, default: 0 }) attempts!: number;
  @Prop({ required: true }) maxAttempts!: number;
  /** Expiry is decided in queries against this, never by a TTL index (FerretDB has none). */
  @Prop({ type: Date, required: true, index: true }) expiresAt!: Date;
  @Prop({ type: Date, required: true }) nextResendAt!: Date;
  @Prop({ required: true }) resendCooldownSeconds!: number;
  @Prop({ type: ChallengeDeliverySchema, required: true }) delivery!: ChallengeDelivery;
  @Prop({ type: Date, default: null }) approvedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}
export type ChallengeDocument = HydratedDocument<Challenge>;
export const ChallengeSchema = SchemaFactory.createForClass(Challenge);
// Provider status callbacks find their challenge by the message id.
ChallengeSchema.index({ 'delivery.providerMessageId': 1 });
