import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, JobName, jobIdFor, type AuditActor, type Channel, type VerifyJob } from '@app/contracts';
import { LinkViewsRepository, LinksRepository, type Link, type ViewOutcome } from '@app/database';
import { AuditPublisher, DocumentLocks, JobProducer, REDIS } from '@app/queue';
import { LockTimeoutError, normalizeEmail, normalizePhone, sha256Hex } from '@app/security';
import { ChallengesService } from '../challenges/challenges.service';
import { AccessTokensService } from '../common/auth/access-tokens.service';
import { DomainError, Errors } from '../common/domain-error';
import { LinkErrors } from '../links/link-errors';
import { LinksService } from '../links/links.service';
import { SettingsService } from '../settings/settings.service';
import { LINK_TOKEN, type ViewerChallengeDto } from './dto/viewer.dto';

export type Requirement = 'none' | 'code' | 'member_login';

/** Codes a single IP may have sent in CHALLENGE_WINDOW_SECONDS: SMS pumping through public_2fa links costs money. */
export const CHALLENGES_PER_IP = 20;
const CHALLENGE_WINDOW_SECONDS = 15 * 60;

export const ViewerErrors = {
  viewerTokenRequired: () => new DomainError(401, 'viewer_token_required', 'This link needs a verified code: send the viewer token as a Bearer token'),
  memberLoginRequired: () => new DomainError(401, 'member_login_required', 'This link is for signed-in members of the workspace: send a member access token'),
  recipientNotAllowed: () => new DomainError(403, 'recipient_not_allowed', 'This link does not accept that phone number or email address'),
  codeNotRequired: () => new DomainError(409, 'code_not_required', 'This link does not use codes'),
  loginNotRequired: () => new DomainError(409, 'login_not_required', 'This link is not for signed-in members: there is nothing to sign in to'),
  destinationFixed: () =>
    new DomainError(400, 'validation_failed', 'The request is not valid', [{ field: 'to', problems: ['must not be given: the code goes to the person this video was shared with'] }]),
  destinationRequired: () => new DomainError(400, 'validation_failed', 'The request is not valid', [{ field: 'to', problems: ['a phone number or email address is required'] }]),
};

export function requirementOf(link: Pick<Link, 'type' | 'requiresCode'>): Requirement {
  if (link.type === 'private') return 'member_login';
  if (link.type === 'public_2fa') return 'code';
  if (link.type === 'share' && link.requiresCode) return 'code';
  return 'none';
}

function bearer(header: string | undefined): string | undefined {
  return typeof header === 'string' ? /^Bearer\s+(\S{1,4096})$/i.exec(header)?.[1] : undefined;
}

/**
 * Everything a viewer can do with a link token. The token is the only credential; every dead link (unknown,
 * revoked, expired, used up) answers the same 404 so a viewer learns nothing about which it was.
 */
@Injectable()
export class ViewerService {
  private readonly logger = new Logger(ViewerService.name);
  private readonly challengeLimiter: RateLimiterRedis;

  constructor(
    private readonly links: LinksRepository,
    private readonly views: LinkViewsRepository,
    private readonly linkService: LinksService,
    private readonly challenges: ChallengesService,
    private readonly tokens: AccessTokensService,
    private readonly settings: SettingsService,
    private readonly producer: JobProducer,
    private readonly audit: AuditPublisher,
    private readonly locks: DocumentLocks,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.challengeLimiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.queuePrefix}:rl:viewer-challenge`, points: CHALLENGES_PER_IP, duration: CHALLENGE_WINDOW_SECONDS });
  }

  async describe(token: string) {
    const link = await this.resolve(token);
    const requires = requirementOf(link);
    return {
      title: link.video.title,
      type: link.type,
      requires,
      ...(link.type === 'share' && requires === 'code' && link.recipient ? { to: link.recipient.masked } : {}),
    };
  }

  /** The live private link a member signs in through; its workspace is the only one the login may look in. */
  async memberLoginLink(token: string): Promise<Link> {
    const link = await this.resolve(token);
    if (requirementOf(link) !== 'member_login') throw ViewerErrors.loginNotRequired();
    return link;
  }

  async startChallenge(token: string, body: ViewerChallengeDto, ip: string) {
    const link = await this.resolve(token);
    if (requirementOf(link) !== 'code') throw ViewerErrors.codeNotRequired();
    let destination: { channel: Channel; to: string; countryHint?: string };
    if (link.type === 'share') {
      // A direct share's code goes to its recipient and nowhere else: a typed destination would let anyone
      // holding a forwarded link prove themselves instead.
      if (body.to !== undefined || body.country !== undefined) throw ViewerErrors.destinationFixed();
      destination = { channel: link.recipient!.channel, to: this.linkService.cipher.open(link.recipient!.toSealed) };
    } else {
      if (body.to === undefined) throw ViewerErrors.destinationRequired();
      destination = { channel: body.to.includes('@') ? 'email' : 'sms', to: body.to, countryHint: body.country };
    }
    await this.consumeChallenge(ip);
    if (link.type === 'public_2fa') await this.assertAllowed(link, destination);
    const challenge = await this.challenges.start(
      link.workspaceId,
      { ...destination, locale: body.locale, purpose: 'link_view', subjectId: link._id },
      { kind: 'viewer', id: 'anonymous' },
    );
    const settings = await this.settings.get(link.workspaceId);
    return {
      challengeId: challenge.id,
      to: challenge.to,
      channel: challenge.channel,
      expiresAt: challenge.expiresAt,
      attemptsRemaining: challenge.attemptsRemaining,
      resendAfterSeconds: settings.codes.resendCooldownSeconds,
    };
  }

  async verify(token: string, challengeId: string, code: string) {
    const link = await this.resolve(token);
    if (requirementOf(link) !== 'code') throw ViewerErrors.codeNotRequired();
    const expect = { purpose: 'link_view' as const, subjectId: link._id };
    let approved;
    try {
      approved = await this.challenges.verify(link.workspaceId, challengeId, code, expect);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'invalid_code') await this.recordOutcome(link, 'code_rejected', 'anonymous');
      throw err;
    }
    await this.recordOutcome(link, 'code_approved', approved.to);
    return this.tokens.issueViewerToken({ lnk: link._id, ws: link.workspaceId, who: approved.to });
  }

  async resend(token: string, challengeId: string) {
    const link = await this.resolve(token);
    if (requirementOf(link) !== 'code') throw ViewerErrors.codeNotRequired();
    const challenge = await this.challenges.resend(link.workspaceId, challengeId, { purpose: 'link_view', subjectId: link._id }, { kind: 'viewer', id: 'anonymous' });
    return { challengeId: challenge.id, to: challenge.to, expiresAt: challenge.expiresAt, attemptsRemaining: challenge.attemptsRemaining };
  }

  /**
   * Grants one view: checks the credential the link type needs, claims a view slot when the link has maxViews,
   * and queues the view record. Returns the video URL.
   */
  async media(token: string, authorization: string | undefined): Promise<string> {
    const link = await this.resolve(token);
    const viewer = await this.authorize(link, bearer(authorization));
    const viewId = `vw_${randomUUID()}`;
    if (link.maxViews !== null) {
      const n = await this.views.claimSlot(link.workspaceId, link._id, link.maxViews, link.viewCount, viewId);
      if (n === null) throw LinkErrors.notFound();
      // FerretDB writes the whole link back: unlocked, this could undo a revoke that landed meanwhile.
      // The count is only a hint (the claimed slots decide), so a lock that stays busy skips it rather than fail the view.
      await this.locks.run('link', link._id, () => this.links.raiseViewCount(link.workspaceId, link._id, n)).catch((err: unknown) => {
        if (!(err instanceof LockTimeoutError)) throw err;
        this.logger.warn({ msg: 'view count hint not raised: link busy', linkId: link._id, viewCount: n });
      });
    }
    await this.recordOutcome(link, 'viewed', viewer, viewId);
    return this.linkService.cipher.open(link.video.urlSealed);
  }

  private async authorize(link: Link, credential: string | undefined): Promise<string> {
    const requires = requirementOf(link);
    if (requires === 'none') return 'anonymous';
    if (requires === 'member_login') {
      const member = credential ? this.tokens.verifyMemberToken(credential) : null;
      if (member && member.ws === link.workspaceId) return member.sub;
      await this.denied(link, credential ? 'bad_member_token' : 'no_member_token');
      throw ViewerErrors.memberLoginRequired();
    }
    const claims = credential ? this.tokens.verifyViewerToken(credential) : null;
    if (claims && claims.lnk === link._id && claims.ws === link.workspaceId) return claims.who;
    await this.denied(link, credential ? 'bad_viewer_token' : 'no_viewer_token');
    throw ViewerErrors.viewerTokenRequired();
  }

  /** public_2fa allowedRecipients: the same normalisation and keyed hash as when the link was made. Nothing is sent on refusal. */
  private async assertAllowed(link: Link, destination: { channel: Channel; to: string; countryHint?: string }): Promise<void> {
    if (link.allowedRecipients.length === 0) return;
    const cipher = this.linkService.cipher;
    let value: string | null;
    if (destination.channel === 'email') value = normalizeEmail(destination.to);
    else value = normalizePhone(destination.to, destination.countryHint)?.e164 ?? null;
    if (!value) {
      throw new DomainError(400, 'validation_failed', 'The request is not valid', [{ field: 'to', problems: ['must be a valid phone number or email address'] }]);
    }
    const hash = cipher.keyedHash(value);
    const domain = destination.channel === 'email' ? value.slice(value.lastIndexOf('@') + 1) : null;
    const allowed = link.allowedRecipients.some((r) => (r.kind === 'emailDomain' ? r.domain === domain : r.kind === (destination.channel === 'sms' ? 'phone' : 'email') && r.hash === hash));
    if (!allowed) {
      await this.denied(link, 'recipient_not_allowed');
      throw ViewerErrors.recipientNotAllowed();
    }
  }

  private async resolve(token: string): Promise<Link> {
    if (typeof token !== 'string' || !LINK_TOKEN.test(token)) throw LinkErrors.notFound();
    const link = await this.links.findLiveByTokenHash(sha256Hex(token));
    if (!link) throw LinkErrors.notFound();
    if (link.maxViews !== null && (link.viewCount >= link.maxViews || (await this.views.countSlots(link.workspaceId, link._id)) >= link.maxViews)) {
      throw LinkErrors.notFound();
    }
    return link;
  }

  private async recordOutcome(link: Link, outcome: ViewOutcome, viewer: string, viewId = `vw_${randomUUID()}`): Promise<void> {
    const job: VerifyJob = {
      workspaceId: link.workspaceId,
      linkId: link._id,
      viewId,
      ...(link.shareId ? { shareId: link.shareId } : {}),
      ...(link.recipientId ? { recipientId: link.recipientId } : {}),
      outcome,
      viewer,
      at: new Date().toISOString(),
    };
    await this.producer.enqueue(JobName.Verify, job, { jobId: jobIdFor.verify(viewId) });
  }

  private async denied(link: Link, reason: string): Promise<void> {
    const actor: AuditActor = { kind: 'viewer', id: 'anonymous' };
    await this.audit
      .record(link.workspaceId, AuditEventType.LinkAccessDenied, actor, { kind: 'link', id: link._id }, { reason, type: link.type })
      .catch((err: Error) => this.logger.warn({ msg: 'access denial not audited', linkId: link._id, err: err.message }));
  }

  private async consumeChallenge(ip: string): Promise<void> {
    try {
      await this.challengeLimiter.consume(ip);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw Errors.rateLimited(err.msBeforeNext / 1000);
      throw err;
    }
  }
}
