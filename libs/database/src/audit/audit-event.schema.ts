import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { AuditActor, AuditSubject } from '@app/contracts';

/** One stored link of a workspace's hash chain. `_id` is the producer's event id: a redelivery cannot store twice. */
@Schema({ collection: 'audit_events', versionKey: false })
export class AuditEventRecord {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true }) seq!: number;
  @Prop({ required: true }) type!: string;
  @Prop({ type: Object, required: true }) actor!: AuditActor;
  @Prop({ type: Object, required: true }) subject!: AuditSubject;
  @Prop({ required: true }) at!: Date;
  @Prop({ type: Object, default: {} }) data!: Record<string, unknown>;
  @Prop({ type: String }) requestId?: string;
  @Prop({ required: true }) prevHash!: string;
  @Prop({ required: true }) hash!: string;
}
export const AuditEventRecordSchema = SchemaFactory.createForClass(AuditEventRecord);
// The unique (workspace, seq) index is what makes sequence assignment race-free on any MongoDB-wire server.
AuditEventRecordSchema.index({ workspaceId: 1, seq: 1 }, { unique: true });
AuditEventRecordSchema.index({ workspaceId: 1, at: -1 });
AuditEventRecordSchema.index({ workspaceId: 1, type: 1, seq: -1 });

// MongoDB-wire servers refuse '.' in keys and a leading '$' (FerretDB always; MongoDB in older versions),
// yet producers may use them (settings.changed keys its changes by path, e.g. "codes.length"). The
// stored (and hashed) form swaps them for look-alikes; the API shows the original keys.
const STORED_KEY = [
  [/\./g, '\uFF0E', /\uFF0E/g, '.'],
  [/^\$/, '\uFF04', /^\uFF04/, '$'],
] as const;

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [rename(k), mapKeys(v, rename)]));
}

export function toStoredData(data: Record<string, unknown>): Record<string, unknown> {
  return mapKeys(data, (k) => STORED_KEY.reduce<string>((key, [from, to]) => key.replace(from, to), k)) as Record<string, unknown>;
}

export function fromStoredData(data: Record<string, unknown>): Record<string, unknown> {
  return mapKeys(data, (k) => STORED_KEY.reduce<string>((key, [, , from, to]) => key.replace(from, to), k)) as Record<string, unknown>;
}
