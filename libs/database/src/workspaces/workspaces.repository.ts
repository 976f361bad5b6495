import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Workspace, type WorkspaceSettings } from './workspace.schema';

@Injectable()
export class WorkspacesRepository {
  constructor(@InjectModel(Workspace.name) private readonly model: Model<Workspace>) {}

  async create(id: string, name: string, settings: WorkspaceSettings): Promise<Workspace> {
    const doc = await this.model.create({ _id: id, name, settings, settingsVersion: 1 });
    return doc.toObject();
  }

  findById(workspaceId: string): Promise<Workspace | null> {
    return this.model.findById(workspaceId).lean<Workspace>().exec();
  }

  /** Optimistic: only replaces settings that are still at `expectedVersion`; false means someone else won. */
  async replaceSettings(workspaceId: string, expectedVersion: number, settings: WorkspaceSettings): Promise<boolean> {
    const res = await this.model
      .updateOne({ _id: workspaceId, settingsVersion: expectedVersion }, { $set: { settings, settingsVersion: expectedVersion + 1 } })
      .exec();
    return res.modifiedCount === 1;
  }
}
