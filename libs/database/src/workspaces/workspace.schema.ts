import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** The admin's Settings > General page. Shape and defaults live in apps/api settings; stored as given. */
export interface WorkspaceSettings {
  authentication: { codeRequired: boolean; channels: ('sms' | 'email')[] };
  sessionSharing: { requireAuthentication: boolean; notifySharerOnView: boolean };
  shareLinks: { allowedTypes: ('private' | 'public' | 'public_2fa')[]; defaultExpiryHours: number };
  codes: { length: number; ttlSeconds: number; maxAttempts: number; resendCooldownSeconds: number; maxSendsPerDestinationPerHour: number };
  sms: { allowedCountries: string[] };
}

@Schema({ collection: 'workspaces', timestamps: true, versionKey: false })
export class Workspace {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: Object, required: true }) settings!: WorkspaceSettings;
  @Prop({ required: true, default: 1 }) settingsVersion!: number;
  createdAt!: Date;
  updatedAt!: Date;
}
export type WorkspaceDocument = HydratedDocument<Workspace>;
export const WorkspaceSchema = SchemaFactory.createForClass(Workspace);
