import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AuditHeadRecord } from './audit-head.schema';
import type { ChainPoint } from './audit-chain';

@Injectable()
export class AuditHeadsRepository {
  constructor(@InjectModel(AuditHeadRecord.name) private readonly model: Model<AuditHeadRecord>) {}

  async get(workspaceId: string): Promise<ChainPoint | null> {
    const head = await this.model.findOne({ _id: workspaceId, workspaceId }).lean<AuditHeadRecord>().exec();
    return head ? { seq: head.seq, hash: head.hash } : null;
  }

  /** Callers hold the workspace's chain lock. */
  async set(workspaceId: string, point: ChainPoint): Promise<void> {
    await this.model.replaceOne({ _id: workspaceId, workspaceId }, { _id: workspaceId, workspaceId, seq: point.seq, hash: point.hash }, { upsert: true }).exec();
  }
}
