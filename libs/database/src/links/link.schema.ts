import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** The share modal's three link types, plus `share`: the personal link of one direct-share recipient. */
export type LinkType = 'private' | 'public' | 'public_2fa' | 'share';
export const LINK_TYPES: readonly Exclude<LinkType, 'share'>[] = ['private', 'public', 'public_2fa'];

/** An allowedRecipients entry: phones and emails only as keyed hashes (masked copy for display), domains lower-cased. */
export type RecipientRule =
  | { kind: 'phone' | 'email'; hash: string; masked: string }
  | { kind: 'emailDomain'; domain: string };

/** Who a direct-share link belongs to: the destination sealed, a keyed hash for look-ups, a masked copy to show. */
export interface LinkRecipient {
  channel: 'sms' | 'email';
  toSealed: string;
  toHash: string;
  masked: string;
}

/** Who to email when a code-verified viewer opens the link: the sharer's address sealed, a masked copy to show. */
export interface LinkNotify {
  toSealed: string;
  masked: string;
  locale: string;
}

export interface LinkVideo {
  id: string;
  title: string;
  /** Sealed: whoever has the video URL can watch without any code. */
  urlSealed: string;
}

@Schema({ collection: 'links', timestamps: true, versionKey: false })
export class Link {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true, enum: ['private', 'public', 'public_2fa', 'share'] }) type!: LinkType;
  /** SHA-256 of the URL token; the token itself exists only in the URL handed out. */
  @Prop({ required: true, unique: true }) tokenHash!: string;
  @Prop({ type: Object, required: true }) video!: LinkVideo;
  /** Checked in every query: FerretDB refuses TTL indexes, and a TTL would not be exact anyway. */
  @Prop({ type: Date, required: true }) expiresAt!: Date;
  @Prop({ type: Number, default: null }) maxViews!: number | null;
  /** Views so far as far as this document knows; the view slots are the authority (see LinkViewsRepository). */
  @Prop({ type: Number, default: 0 }) viewCount!: number;
  @Prop({ type: Date, default: null }) revokedAt!: Date | null;
  @Prop({ type: [Object], default: [] }) allowedRecipients!: RecipientRule[];
  /** Direct shares: a code is needed when Require Authentication was on at the time of sharing. */
  @Prop({ type: Boolean, default: false }) requiresCode!: boolean;
  @Prop({ type: String, default: null }) shareId!: string | null;
  @Prop({ type: String, default: null }) recipientId!: string | null;
  @Prop({ type: Object, default: null }) recipient!: LinkRecipient | null;
  // Optional in the type: links made before notifyEmail existed have none.
  @Prop({ type: Object, default: null }) notify?: LinkNotify | null;
  @Prop({ type: Object, required: true }) createdBy!: { kind: string; id: string };
  createdAt!: Date;
  updatedAt!: Date;
}
export type LinkDocument = HydratedDocument<Link>;
export const LinkSchema = SchemaFactory.createForClass(Link);
LinkSchema.index({ workspaceId: 1, createdAt: -1 });
LinkSchema.index({ workspaceId: 1, shareId: 1 });

/**
 * One claimed view of a link with maxViews. `_id` is `<linkId>:<slot>`: the unique _id index is what makes
 * maxViews hold on FerretDB, whose updates are not atomic but whose unique indexes are.
 */
@Schema({ collection: 'link_view_slots', versionKey: false })
export class LinkViewSlot {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true, index: true }) linkId!: string;
  @Prop({ required: true }) slot!: number;
  @Prop({ required: true }) viewId!: string;
  @Prop({ type: Date, required: true }) at!: Date;
}
export const LinkViewSlotSchema = SchemaFactory.createForClass(LinkViewSlot);

export type ViewOutcome = 'viewed' | 'code_approved' | 'code_rejected';

/** What the sharer sees: who (masked, verified identity) opened the link, and when. Written by the notifier. */
@Schema({ collection: 'link_views', versionKey: false })
export class LinkView {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true }) linkId!: string;
  @Prop({ type: String, default: null }) shareId!: string | null;
  @Prop({ type: String, default: null }) recipientId!: string | null;
  @Prop({ required: true, enum: ['viewed', 'code_approved', 'code_rejected'] }) outcome!: ViewOutcome;
  /** Masked identity (`+1•••••0123`, `j•••@example.com`), a member id, or 'anonymous'. */
  @Prop({ required: true }) viewer!: string;
  @Prop({ type: Date, required: true }) at!: Date;
}
export const LinkViewSchema = SchemaFactory.createForClass(LinkView);
LinkViewSchema.index({ workspaceId: 1, linkId: 1, at: -1 });
LinkViewSchema.index({ workspaceId: 1, shareId: 1, at: -1 });

/**
 * The one "your video was opened" email per (link, viewer). `_id` is `<linkId>:<viewer key>`: the unique _id
 * decides which view's job sends it, so parallel views and redelivered jobs never send two.
 */
@Schema({ collection: 'link_view_notices', versionKey: false })
export class LinkViewNotice {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true }) linkId!: string;
  /** The view whose job owns the send; only its retries may try again. */
  @Prop({ required: true }) viewId!: string;
  @Prop({ required: true, enum: ['sending', 'sent', 'failed'] }) status!: 'sending' | 'sent' | 'failed';
  @Prop({ type: Date, required: true }) at!: Date;
}
export const LinkViewNoticeSchema = SchemaFactory.createForClass(LinkViewNotice);
