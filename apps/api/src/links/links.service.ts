import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, type AuditActor } from '@app/contracts';
import { LinkViewsRepository, LinksRepository, LINK_TYPES, type Link, type LinkNotify, type LinkView, type NewLink, type RecipientRule } from '@app/database';
import { AuditPublisher, DocumentLocks } from '@app/queue';
import { DataCipher, LockTimeoutError, maskEmail, maskPhone, normalizeEmail, normalizePhone, randomToken, sha256Hex } from '@app/security';
import { SettingsService } from '../settings/settings.service';
import type { CreateLinkDto, RecipientRuleDto } from './dto/link.dto';
import { LinkErrors } from './link-errors';

const MAX_EXPIRY_MS = 365 * 24 * 3600 * 1000;
const DOMAIN = /^(?=.{3,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

export type LinkStatus = 'active' | 'revoked' | 'expired' | 'used_up';

/** A fresh link credential: the token goes into the URL once, only its hash is stored. */
export interface IssuedToken {
  token: string;
  tokenHash: string;
  url: string;
}

export function linkStatus(link: Pick<Link, 'revokedAt' | 'expiresAt' | 'maxViews'>, views: number, now = new Date()): LinkStatus {
  if (link.revokedAt) return 'revoked';
  if (new Date(link.expiresAt).getTime() <= now.getTime()) return 'expired';
  if (link.maxViews !== null && views >= link.maxViews) return 'used_up';
  return 'active';
}

export function toViewItem(view: Pick<LinkView, 'viewer' | 'at'>) {
  return { viewer: view.viewer, at: new Date(view.at).toISOString() };
}

@Injectable()
export class LinksService {
  readonly cipher: DataCipher;

  constructor(
    private readonly links: LinksRepository,
    private readonly views: LinkViewsRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditPublisher,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cipher = new DataCipher(config.dataKey);
  }

  issueToken(): IssuedToken {
    const token = randomToken(32);
    return { token, tokenHash: sha256Hex(token), url: `${this.config.publicBaseUrl.replace(/\/+$/, '')}/s/${token}` };
  }

  async create(workspaceId: string, body: CreateLinkDto, actor: AuditActor) {
    const settings = await this.settings.get(workspaceId);
    if (!settings.shareLinks.allowedTypes.includes(body.type)) throw LinkErrors.typeNotAllowed(body.type);
    if (body.allowedRecipients !== undefined && body.type !== 'public_2fa') {
      throw LinkErrors.invalid('allowedRecipients', 'only public_2fa links take allowedRecipients');
    }
    const now = Date.now();
    let expiresAt = new Date(now + settings.shareLinks.defaultExpiryHours * 3600 * 1000);
    if (body.expiresAt !== undefined) {
      expiresAt = new Date(body.expiresAt);
      if (expiresAt.getTime() <= now) throw LinkErrors.invalid('expiresAt', 'must be in the future');
      if (expiresAt.getTime() > now + MAX_EXPIRY_MS) throw LinkErrors.invalid('expiresAt', 'must be within one year');
    }
    const allowedRecipients = (body.allowedRecipients ?? []).map((rule, i) => this.toRule(rule, `allowedRecipients.${i}`));
    const notify = this.notifyTarget(body.notifyEmail);
    const issued = this.issueToken();
    const link: NewLink = {
      _id: `lnk_${randomUUID()}`,
      type: body.type,
      tokenHash: issued.tokenHash,
      video: { id: body.video.id, title: body.video.title, urlSealed: this.cipher.seal(body.video.url) },
      expiresAt,
      maxViews: body.maxViews ?? null,
      allowedRecipients,
      requiresCode: body.type === 'public_2fa',
      shareId: null,
      recipientId: null,
      recipient: null,
      notify,
      createdBy: actor,
    };
    const stored = await this.links.create(workspaceId, link);
    await this.audit.record(workspaceId, AuditEventType.LinkCreated, actor, { kind: 'link', id: stored._id }, {
      type: stored.type,
      videoId: stored.video.id,
      expiresAt: expiresAt.toISOString(),
      maxViews: stored.maxViews,
      allowedRecipients: allowedRecipients.length,
      ...(notify ? { notifyEmail: notify.masked } : {}),
    });
    return { ...this.toView(stored, 0), url: issued.url };
  }

  async get(workspaceId: string, id: string) {
    const link = await this.links.findById(workspaceId, id);
    if (!link) throw LinkErrors.notFound();
    const [items, count] = await Promise.all([this.views.listForLink(workspaceId, id, ['viewed']), this.views.countForLink(workspaceId, id, 'viewed')]);
    const used = link.maxViews !== null ? await this.views.countSlots(workspaceId, id) : count;
    return { ...this.toView(link, used), views: { count: Math.max(count, used), items: items.map(toViewItem) } };
  }

  async list(workspaceId: string, limit: number) {
    const links = await this.links.list(workspaceId, [...LINK_TYPES], limit);
    return { items: links.map((l) => this.toView(l, l.viewCount)) };
  }

  /** Dead at once: every viewer look-up filters on revokedAt. Revoking twice is not an error. */
  async revoke(workspaceId: string, id: string, actor: AuditActor): Promise<void> {
    // Under the link's lock: a view-count write racing this one would otherwise put revokedAt back to null.
    const revoked = await this.locks.run('link', id, () => this.links.revoke(workspaceId, id)).catch((err: unknown) => {
      throw err instanceof LockTimeoutError ? LinkErrors.busy() : err;
    });
    if (revoked) {
      await this.audit.record(workspaceId, AuditEventType.LinkRevoked, actor, { kind: 'link', id });
      return;
    }
    if (!(await this.links.findById(workspaceId, id))) throw LinkErrors.notFound();
  }

  toView(link: Link, views: number) {
    return {
      id: link._id,
      type: link.type,
      status: linkStatus(link, views),
      video: { id: link.video.id, title: link.video.title },
      expiresAt: new Date(link.expiresAt).toISOString(),
      maxViews: link.maxViews,
      allowedRecipients: link.allowedRecipients.map((r) => (r.kind === 'emailDomain' ? { kind: r.kind, value: r.domain } : { kind: r.kind, value: r.masked })),
      createdAt: new Date(link.createdAt).toISOString(),
      revokedAt: link.revokedAt ? new Date(link.revokedAt).toISOString() : null,
      ...(link.shareId ? { shareId: link.shareId, recipientId: link.recipientId } : {}),
      ...(link.notify ? { notifyEmail: link.notify.masked } : {}),
    };
  }

  /** The sharer's address for view notices (links and shares alike): normalised, sealed, masked. */
  notifyTarget(notifyEmail: string | undefined, locale = 'en'): LinkNotify | null {
    if (notifyEmail === undefined) return null;
    const email = normalizeEmail(notifyEmail);
    if (!email) throw LinkErrors.invalid('notifyEmail', 'must be a valid email address');
    return { toSealed: this.cipher.seal(email), masked: maskEmail(email), locale };
  }

  /** Phones and emails are kept only as keyed hashes (same normalisation as the viewer's input), domains lower-cased. */
  private toRule(rule: RecipientRuleDto, field: string): RecipientRule {
    const given = (['phone', 'email', 'emailDomain'] as const).filter((k) => rule[k] !== undefined);
    if (given.length !== 1) throw LinkErrors.invalid(field, 'must have exactly one of phone, email or emailDomain');
    if (rule.country !== undefined && rule.phone === undefined) throw LinkErrors.invalid(`${field}.country`, 'only goes with phone');
    if (rule.phone !== undefined) {
      const phone = normalizePhone(rule.phone, rule.country);
      if (!phone) throw LinkErrors.invalid(`${field}.phone`, 'must be a valid phone number (E.164, or national with country)');
      return { kind: 'phone', hash: this.cipher.keyedHash(phone.e164), masked: maskPhone(phone.e164) };
    }
    if (rule.email !== undefined) {
      const email = normalizeEmail(rule.email);
      if (!email) throw LinkErrors.invalid(`${field}.email`, 'must be a valid email address');
      return { kind: 'email', hash: this.cipher.keyedHash(email), masked: maskEmail(email) };
    }
    const domain = rule.emailDomain!.trim().toLowerCase().replace(/^@/, '');
    if (!DOMAIN.test(domain)) throw LinkErrors.invalid(`${field}.emailDomain`, 'must be a domain name such as example.com');
    return { kind: 'emailDomain', domain };
  }
}
