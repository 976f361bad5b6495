import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Link, type LinkType } from './link.schema';

export type NewLink = Omit<Link, 'workspaceId' | 'viewCount' | 'revokedAt' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class LinksRepository {
  constructor(@InjectModel(Link.name) private readonly model: Model<Link>) {}

  async create(workspaceId: string, link: NewLink): Promise<Link> {
    const doc = await this.model.create({ ...link, workspaceId, viewCount: 0, revokedAt: null });
    return doc.toObject();
  }

  async createMany(workspaceId: string, links: NewLink[]): Promise<void> {
    await this.model.insertMany(links.map((l) => ({ ...l, workspaceId, viewCount: 0, revokedAt: null })));
  }

  /**
   * The one look-up without a tenant: the link token is the viewer's only credential and tells us the tenant.
   * Revoked and expired links are not found, so every dead link answers alike.
   */
  findLiveByTokenHash(tokenHash: string, now = new Date()): Promise<Link | null> {
    return this.model.findOne({ tokenHash, revokedAt: null, expiresAt: { $gt: now } }).lean<Link>().exec();
  }

  findById(workspaceId: string, id: string): Promise<Link | null> {
    return this.model.findOne({ _id: id, workspaceId }).lean<Link>().exec();
  }

  list(workspaceId: string, types: LinkType[], limit: number): Promise<Link[]> {
    return this.model.find({ workspaceId, type: { $in: types } }).sort({ createdAt: -1 }).limit(limit).lean<Link[]>().exec();
  }

  listByShare(workspaceId: string, shareId: string): Promise<Link[]> {
    return this.model.find({ workspaceId, shareId }).lean<Link[]>().exec();
  }

  async revoke(workspaceId: string, id: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, workspaceId, revokedAt: null }, { $set: { revokedAt: new Date() } }).exec();
    return res.modifiedCount === 1;
  }

  /** Raises the view count hint; never lowers it, so out-of-order writers cannot undo each other. */
  async raiseViewCount(workspaceId: string, id: string, atLeast: number): Promise<void> {
    await this.model.updateOne({ _id: id, workspaceId, viewCount: { $lt: atLeast } }, { $set: { viewCount: atLeast } }).exec();
  }
}
