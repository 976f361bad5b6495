import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

export type ApiKeyRole = 'admin' | 'service';

@Schema({ collection: 'api_keys', timestamps: true, versionKey: false })
export class ApiKey {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, index: true }) workspaceId!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true, enum: ['admin', 'service'] }) role!: ApiKeyRole;
  /** SHA-256 of the whole key; the key itself is shown once and never stored. */
  @Prop({ required: true, unique: true }) keyHash!: string;
  /** First characters, so people can tell keys apart. */
  @Prop({ required: true }) prefix!: string;
  @Prop({ type: Date, default: null }) revokedAt!: Date | null;
  @Prop({ type: Date, default: null }) lastUsedAt!: Date | null;
  createdAt!: Date;
}
export type ApiKeyDocument = HydratedDocument<ApiKey>;
export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);
