import { Injectable } from '@nestjs/common';
import { AuditAnchorsRepository } from './audit-anchors.repository';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditHeadsRepository } from './audit-heads.repository';
import { GENESIS, verifyChain, type ChainPoint, type ChainVerdict, type StoredLink } from './audit-chain';

const MAX_RESTARTS = 2;

/**
 * Recomputes a workspace's whole stored chain, from its purge anchor (or the genesis) to the newest
 * link, and checks that it still reaches the head the appender recorded: deleting the newest events
 * leaves no gap, but it leaves the chain short of its head.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly anchors: AuditAnchorsRepository,
    private readonly heads: AuditHeadsRepository,
  ) {}

  async verify(workspaceId: string): Promise<ChainVerdict> {
    for (let restart = 0; ; restart++) {
      // Head before anchor: appends only move the head forward, so every link up to it must exist.
      const head = await this.heads.get(workspaceId);
      const start = await this.start(workspaceId);
      const verdict = await this.walk(workspaceId, start, head);
      if (verdict.ok || restart >= MAX_RESTARTS) return verdict;
      // A purge that moved the anchor while we walked looks like a gap: start again from the new anchor.
      if ((await this.start(workspaceId)).seq === start.seq) return verdict;
    }
  }

  private async walk(workspaceId: string, start: ChainPoint, head: ChainPoint | null): Promise<ChainVerdict> {
    let atHead: StoredLink | undefined;
    const links = this.events.stream(workspaceId, start.seq);
    async function* watch(): AsyncGenerator<StoredLink> {
      for await (const link of links) {
        if (link.seq === head?.seq) atHead = link;
        yield link;
      }
    }
    const verdict = await verifyChain(start, watch());
    if (!verdict.ok || !head || head.seq <= start.seq) return verdict;
    if (!atHead) return { ok: false, checked: verdict.checked, brokenAt: start.seq + verdict.checked + 1 };
    if (atHead.hash !== head.hash) return { ok: false, checked: verdict.checked, brokenAt: head.seq };
    return verdict;
  }

  private async start(workspaceId: string): Promise<ChainPoint> {
    const anchor = await this.anchors.get(workspaceId);
    return anchor ? { seq: anchor.seq, hash: anchor.hash } : GENESIS;
  }
}
