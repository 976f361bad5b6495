import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The last link a retention purge removed from a workspace's chain: the first kept event's prevHash
 * must equal `hash`, and seq numbering continues after `seq`. One per workspace (`_id` = workspace id).
 */
@Schema({ collection: 'audit_anchors', versionKey: false })
export class AuditAnchorRecord {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true }) seq!: number;
  @Prop({ required: true }) hash!: string;
  /** Time of the anchored event, for operators reading the collection. */
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) purgedAt!: Date;
}
export const AuditAnchorRecordSchema = SchemaFactory.createForClass(AuditAnchorRecord);
