import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AuditAnchorRecord } from './audit-anchor.schema';
import type { ChainPoint } from './audit-chain';

@Injectable()
export class AuditAnchorsRepository {
  constructor(@InjectModel(AuditAnchorRecord.name) private readonly model: Model<AuditAnchorRecord>) {}

  get(workspaceId: string): Promise<AuditAnchorRecord | null> {
    return this.model.findOne({ _id: workspaceId, workspaceId }).lean<AuditAnchorRecord>().exec();
  }

  /** Callers hold the workspace's chain lock, so a plain upsert cannot move the anchor backwards. */
  async set(workspaceId: string, point: ChainPoint, at: Date): Promise<void> {
    await this.model
      .replaceOne({ _id: workspaceId, workspaceId }, { _id: workspaceId, workspaceId, seq: point.seq, hash: point.hash, at, purgedAt: new Date() }, { upsert: true })
      .exec();
  }
}
