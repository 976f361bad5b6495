import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors';
import { LinkView, LinkViewNotice, LinkViewSlot, type ViewOutcome } from './link.schema';

@Injectable()
export class LinkViewsRepository {
  constructor(
    @InjectModel(LinkViewSlot.name) private readonly slots: Model<LinkViewSlot>,
    @InjectModel(LinkView.name) private readonly views: Model<LinkView>,
    @InjectModel(LinkViewNotice.name) private readonly notices: Model<LinkViewNotice>,
  ) {}

  /**
   * Claims one of a link's `maxViews` slots by inserting against the unique _id, starting at `fromSlot`
   * (a lower bound such as the link's viewCount). Returns the 1-based number of the view, or null when every
   * slot is taken. Holds under any number of parallel callers on FerretDB and MongoDB alike.
   */
  async claimSlot(workspaceId: string, linkId: string, maxViews: number, fromSlot: number, viewId: string): Promise<number | null> {
    for (let slot = Math.max(0, fromSlot); slot < maxViews; slot++) {
      try {
        await this.slots.create({ _id: `${linkId}:${slot}`, workspaceId, linkId, slot, viewId, at: new Date() });
        return slot + 1;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    return null;
  }

  countSlots(workspaceId: string, linkId: string): Promise<number> {
    return this.slots.countDocuments({ workspaceId, linkId }).exec();
  }

  /** Idempotent: a redelivered verify job finds its view already stored. Returns false when it was. */
  async record(workspaceId: string, view: Omit<LinkView, 'workspaceId'>): Promise<boolean> {
    try {
      await this.views.create({ ...view, workspaceId });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  listForLink(workspaceId: string, linkId: string, outcomes: ViewOutcome[], limit = 100): Promise<LinkView[]> {
    return this.views.find({ workspaceId, linkId, outcome: { $in: outcomes } }).sort({ at: -1 }).limit(limit).lean<LinkView[]>().exec();
  }

  countForLink(workspaceId: string, linkId: string, outcome: ViewOutcome): Promise<number> {
    return this.views.countDocuments({ workspaceId, linkId, outcome }).exec();
  }

  listForShare(workspaceId: string, shareId: string, outcomes: ViewOutcome[], limit = 500): Promise<LinkView[]> {
    return this.views.find({ workspaceId, shareId, outcome: { $in: outcomes } }).sort({ at: -1 }).limit(limit).lean<LinkView[]>().exec();
  }

  /**
   * Claims the one notice for `key` (link + viewer) for this view, by insert against the unique _id. True when
   * this view owns it and it is not sent yet: either just claimed, or claimed by an earlier try of the same job.
   */
  async claimNotice(workspaceId: string, key: string, linkId: string, viewId: string): Promise<boolean> {
    try {
      await this.notices.create({ _id: key, workspaceId, linkId, viewId, status: 'sending', at: new Date() });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await this.notices.findOne({ _id: key, workspaceId }).lean<LinkViewNotice>().exec();
    return existing?.viewId === viewId && existing.status === 'sending';
  }

  async settleNotice(workspaceId: string, key: string, viewId: string, status: 'sent' | 'failed'): Promise<void> {
    await this.notices.updateOne({ _id: key, workspaceId, viewId }, { $set: { status, at: new Date() } }).exec();
  }
}
