import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Member } from './member.schema';

export type NewMember = Omit<Member, 'workspaceId' | 'createdAt' | 'updatedAt'>;
export type MemberChanges = Partial<Omit<Member, '_id' | 'workspaceId' | 'createdAt' | 'updatedAt'>>;

@Injectable()
export class MembersRepository {
  constructor(@InjectModel(Member.name) private readonly model: Model<Member>) {}

  /** Throws E11000 (see isDuplicateKeyError) when the username is taken in this workspace. */
  async create(workspaceId: string, member: NewMember): Promise<Member> {
    const doc = await this.model.create({ ...member, workspaceId });
    return doc.toObject();
  }

  findById(workspaceId: string, id: string): Promise<Member | null> {
    return this.model.findOne({ _id: id, workspaceId }).lean<Member>().exec();
  }

  findByUsername(workspaceId: string, usernameLower: string): Promise<Member | null> {
    return this.model.findOne({ workspaceId, usernameLower }).lean<Member>().exec();
  }

  /** Alphabetical by username; `afterUsernameLower` is the cursor (usernames are unique per workspace). */
  list(workspaceId: string, limit: number, afterUsernameLower?: string): Promise<Member[]> {
    const filter: Record<string, unknown> = { workspaceId };
    if (afterUsernameLower !== undefined) filter.usernameLower = { $gt: afterUsernameLower };
    return this.model.find(filter).sort({ usernameLower: 1 }).limit(limit).lean<Member[]>().exec();
  }

  /**
   * The updated member, or null when there is no such member. A taken username throws, but FerretDB reports a unique
   * violation on update as a generic error, not E11000: see isDuplicateKeyError.
   */
  async update(workspaceId: string, id: string, changes: MemberChanges): Promise<Member | null> {
    const res = await this.model.updateOne({ _id: id, workspaceId }, { $set: changes }).exec();
    return res.matchedCount === 1 ? this.findById(workspaceId, id) : null;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: id, workspaceId }).exec();
    return res.deletedCount === 1;
  }
}

