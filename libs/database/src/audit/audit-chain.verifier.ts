import { Injectable } from '@nestjs/common';
import { AuditAnchorsRepository } from './audit-anchors.repository';
import { AuditEventsRepository } from './audit-events.repository';
import { GENESIS, verifyChain, type ChainPoint, type ChainVerdict } from './audit-chain';

const MAX_RESTARTS = 2;

/** Recomputes a workspace's whole stored chain, from its purge anchor (or the genesis) to the newest link. */
@Injectable()
export class AuditChainVerifier {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly anchors: AuditAnchorsRepository,
  ) {}

  async verify(workspaceId: string): Promise<ChainVerdict> {
    for (let restart = 0; ; restart++) {
      const start = await this.start(workspaceId);
      const verdict = await verifyChain(start, this.events.stream(workspaceId, start.seq));
      if (verdict.ok || restart >= MAX_RESTARTS) return verdict;
      // A purge that moved the anchor while we walked looks like a gap: start again from the new anchor.
      if ((await this.start(workspaceId)).seq === start.seq) return verdict;
    }
  }

  private async start(workspaceId: string): Promise<ChainPoint> {
    const anchor = await this.anchors.get(workspaceId);
    return anchor ? { seq: anchor.seq, hash: anchor.hash } : GENESIS;
  }
}
