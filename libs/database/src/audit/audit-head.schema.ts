import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A named point of a workspace's chain, one per workspace (`_id` = workspace id). */
export abstract class AuditChainPointRecord {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) workspaceId!: string;
  @Prop({ required: true }) seq!: number;
  @Prop({ required: true }) hash!: string;
}

/**
 * The newest link of a workspace's chain, kept beside the events so an append reads its predecessor by
 * id instead of sorting the whole collection (FerretDB cannot push such a sort down). Written under the
 * chain lock after each insert; the events themselves stay the truth.
 */
@Schema({ collection: 'audit_heads', versionKey: false })
export class AuditHeadRecord extends AuditChainPointRecord {}
export const AuditHeadRecordSchema = SchemaFactory.createForClass(AuditHeadRecord);
