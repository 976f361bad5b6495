import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Challenge, type ChallengeDelivery, type StoredChallengeStatus } from './challenge.schema';

/** What a conditional update expects to still be true; the write happens only if it is. */
export interface ChallengeGuard {
  status?: StoredChallengeStatus;
  sendNo?: number;
  attempts?: number;
  /** Only while not expired: expiry is decided in the query. */
  notExpiredAt?: Date;
  providerMessageId?: string | null;
  deliverySendNo?: number;
}

export type ChallengeChanges = Partial<Omit<Challenge, '_id' | 'workspaceId' | 'createdAt' | 'updatedAt' | 'delivery'>> & {
  delivery?: ChallengeDelivery;
} & { [deliveryPath: `delivery.${string}`]: unknown };

export type NewChallenge = Omit<Challenge, 'workspaceId' | 'createdAt' | 'updatedAt' | 'approvedAt' | 'attempts'>;

@Injectable()
export class ChallengesRepository {
  constructor(@InjectModel(Challenge.name) private readonly model: Model<Challenge>) {}

  async create(workspaceId: string, challenge: NewChallenge): Promise<Challenge> {
    const doc = await this.model.create({ ...challenge, workspaceId, attempts: 0, approvedAt: null });
    return doc.toObject();
  }

  findById(workspaceId: string, id: string): Promise<Challenge | null> {
    return this.model.findOne({ _id: id, workspaceId }).lean<Challenge>().exec();
  }

  /**
   * The one look-up without a tenant: a provider callback names only its message id, which tells us the
   * challenge and with it the tenant.
   */
  findByProviderMessageId(providerMessageId: string): Promise<Challenge | null> {
    return this.model.findOne({ 'delivery.providerMessageId': providerMessageId }).lean<Challenge>().exec();
  }

  /**
   * Conditional write: true only when the guard still held. On FerretDB this is read-then-write, so callers
   * serialise with a Redis lock first and keep this as the second guard.
   */
  async updateIf(workspaceId: string, id: string, guard: ChallengeGuard, changes: ChallengeChanges): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: id, workspaceId };
    if (guard.status !== undefined) filter.status = guard.status;
    if (guard.sendNo !== undefined) filter.sendNo = guard.sendNo;
    if (guard.attempts !== undefined) filter.attempts = guard.attempts;
    if (guard.notExpiredAt !== undefined) filter.expiresAt = { $gt: guard.notExpiredAt };
    if (guard.providerMessageId !== undefined) filter['delivery.providerMessageId'] = guard.providerMessageId;
    if (guard.deliverySendNo !== undefined) filter['delivery.sendNo'] = guard.deliverySendNo;
    const res = await this.model.updateOne(filter, { $set: changes }).exec();
    return res.modifiedCount === 1;
  }

  /** System-wide, for the purge job only: which tenants have challenges that expired before `cutoff`. */
  async workspacesWithExpiredBefore(cutoff: Date): Promise<string[]> {
    return (await this.model.distinct('workspaceId', { expiresAt: { $lt: cutoff } }).exec()) as string[];
  }

  async deleteExpiredBefore(workspaceId: string, cutoff: Date): Promise<number> {
    const res = await this.model.deleteMany({ workspaceId, expiresAt: { $lt: cutoff } }).exec();
    return res.deletedCount ?? 0;
  }
}
