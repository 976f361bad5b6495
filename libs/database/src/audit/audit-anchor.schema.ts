import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { AuditChainPointRecord } from './audit-head.schema';

/**
 * The last link a retention purge removed from a workspace's chain: the first kept event's prevHash
 * must equal `hash`, and seq numbering continues after `seq`.
 */
@Schema({ collection: 'audit_anchors', versionKey: false })
export class AuditAnchorRecord extends AuditChainPointRecord {
  /** Time of the anchored event, for operators reading the collection. */
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) purgedAt!: Date;
}
export const AuditAnchorRecordSchema = SchemaFactory.createForClass(AuditAnchorRecord);
