import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AuditEventRecord } from './audit-event.schema';

@Injectable()
export class AuditEventsRepository {
  constructor(@InjectModel(AuditEventRecord.name) private readonly model: Model<AuditEventRecord>) {}

  last(workspaceId: string): Promise<AuditEventRecord | null> {
    return this.model.findOne({ workspaceId }).sort({ seq: -1 }).lean<AuditEventRecord>().exec();
  }

  async exists(workspaceId: string, id: string): Promise<boolean> {
    return (await this.model.countDocuments({ _id: id, workspaceId }).exec()) > 0;
  }

  async insert(record: AuditEventRecord): Promise<void> {
    await this.model.create(record);
  }

  findById(workspaceId: string, id: string): Promise<AuditEventRecord | null> {
    return this.model.findOne({ _id: id, workspaceId }).lean<AuditEventRecord>().exec();
  }
}
