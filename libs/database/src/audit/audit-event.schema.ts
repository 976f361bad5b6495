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
