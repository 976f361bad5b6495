import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

export type MemberChannel = 'sms' | 'email';

/** A workspace's expert who signs in. Destinations only sealed (DATA_KEY) with a keyed hash; the password only as scrypt. */
@Schema({ collection: 'members', timestamps: true, versionKey: false })
export class Member {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  /** As the admin typed it, for display. */
  @Prop({ required: true }) username!: string;
  /** What uniqueness and log-in look-ups use: usernames are case-insensitive. */
  @Prop({ required: true }) usernameLower!: string;
  @Prop({ required: true }) passwordHash!: string;
  @Prop({ type: String, default: null }) displayName!: string | null;
  @Prop({ type: String, default: null }) phoneSealed!: string | null;
  @Prop({ type: String, default: null }) phoneHash!: string | null;
  @Prop({ type: String, default: null }) emailSealed!: string | null;
  @Prop({ type: String, default: null }) emailHash!: string | null;
  @Prop({ type: String, enum: ['sms', 'email'], default: null }) preferredChannel!: MemberChannel | null;
  createdAt!: Date;
  updatedAt!: Date;
}
export type MemberDocument = HydratedDocument<Member>;
export const MemberSchema = SchemaFactory.createForClass(Member);
// The unique index is the race-free guard for "username unique per workspace" (updates on FerretDB are not atomic).
MemberSchema.index({ workspaceId: 1, usernameLower: 1 }, { unique: true });
MemberSchema.index({ workspaceId: 1, phoneHash: 1 });
MemberSchema.index({ workspaceId: 1, emailHash: 1 });
