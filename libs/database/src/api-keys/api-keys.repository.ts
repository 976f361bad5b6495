import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ApiKey, type ApiKeyRole } from './api-key.schema';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectModel(ApiKey.name) private readonly model: Model<ApiKey>) {}

  async create(workspaceId: string, key: { id: string; name: string; role: ApiKeyRole; keyHash: string; prefix: string }): Promise<ApiKey> {
    const doc = await this.model.create({ _id: key.id, workspaceId, name: key.name, role: key.role, keyHash: key.keyHash, prefix: key.prefix });
    return doc.toObject();
  }

  /** The one look-up without a tenant: the key hash is what tells us the tenant. */
  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.model.findOne({ keyHash, revokedAt: null }).lean<ApiKey>().exec();
  }

  list(workspaceId: string): Promise<ApiKey[]> {
    return this.model.find({ workspaceId }).sort({ createdAt: 1 }).lean<ApiKey[]>().exec();
  }

  async revoke(workspaceId: string, id: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, workspaceId, revokedAt: null }, { $set: { revokedAt: new Date() } }).exec();
    return res.modifiedCount === 1;
  }

  findById(workspaceId: string, id: string): Promise<ApiKey | null> {
    return this.model.findOne({ _id: id, workspaceId }).lean<ApiKey>().exec();
  }
}
