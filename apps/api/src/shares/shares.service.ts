import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, JobName, jobIdFor, type AuditActor, type Channel, type Sealed } from '@app/contracts';
import { LinkViewsRepository, LinksRepository, SharesRepository, type NewLink, type NewShareRecipient, type ProviderDeliveryStatus, type WorkspaceSettings } from '@app/database';
import { availableChannels, resolveLocale } from '@app/messaging';
import { AuditPublisher, DocumentLocks, JobProducer } from '@app/queue';
import { maskDestination, normalizeEmail, normalizePhone } from '@app/security';
import { ChallengeErrors } from '../challenges/challenge-rules';
import { DestinationLimiter } from '../common/destination-limiter';
import { Errors } from '../common/domain-error';
import { LinkErrors } from '../links/link-errors';
import { LinksService, linkStatus, toViewItem } from '../links/links.service';
import { SettingsService } from '../settings/settings.service';
import type { CreateShareDto, ShareRecipientInputDto } from './dto/share.dto';

interface Destination {
  channel: Channel;
  to: string;
  hash: string;
}

@Injectable()
export class SharesService {
  constructor(
    private readonly shares: SharesRepository,
    private readonly links: LinksRepository,
    private readonly views: LinkViewsRepository,
    private readonly linkService: LinksService,
    private readonly settings: SettingsService,
    private readonly producer: JobProducer,
    private readonly audit: AuditPublisher,
    private readonly sendLimit: DestinationLimiter,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One personal link per recipient, each delivered by its own `share` job. Whether a code is needed is decided
   * now, from Require Authentication, and stays with the link even if the setting changes later.
   */
  async create(workspaceId: string, body: CreateShareDto, actor: AuditActor) {
    const settings = await this.settings.get(workspaceId);
    const requiresCode = settings.sessionSharing.requireAuthentication;
    const destinations = body.recipients.map((r, i) => this.destination(r, `recipients.${i}`, settings, requiresCode));
    // Checked before anything is counted or stored: a bad notifyEmail refuses the share with nothing changed.
    const notify = this.linkService.notifyTarget(body.notifyEmail, resolveLocale(body.locale));
    const seen = new Set<string>();
    destinations.forEach((d, i) => {
      if (seen.has(d.hash)) throw LinkErrors.invalid(`recipients.${i}`, 'lists a recipient that is already in the list');
      seen.add(d.hash);
    });
    // Every recipient counted before anything exists: one over the limit refuses the whole share, sending nothing.
    await this.sendLimit.count(workspaceId, destinations.map((d) => d.hash), settings.codes.maxSendsPerDestinationPerHour);

    const cipher = this.linkService.cipher;
    const shareId = `shr_${randomUUID()}`;
    const locale = resolveLocale(body.locale);
    const expiresAt = new Date(Date.now() + settings.shareLinks.defaultExpiryHours * 3600 * 1000);
    const videoUrlSealed = cipher.seal(body.video.url);
    const issued = destinations.map((d, position) => {
      const token = this.linkService.issueToken();
      const recipientId = `rcp_${randomUUID()}`;
      const toSealed = cipher.seal(d.to);
      const masked = maskDestination(d.channel, d.to);
      const link: NewLink = {
        _id: `lnk_${randomUUID()}`,
        type: 'share',
        tokenHash: token.tokenHash,
        video: { id: body.video.id, title: body.video.title, urlSealed: videoUrlSealed },
        expiresAt,
        maxViews: null,
        allowedRecipients: [],
        requiresCode,
        shareId,
        recipientId,
        recipient: { channel: d.channel, toSealed, toHash: d.hash, masked },
        notify,
        createdBy: actor,
      };
      const recipient: NewShareRecipient = { _id: recipientId, linkId: link._id, channel: d.channel, toSealed, toHash: d.hash, masked, position };
      return { d, token, link, recipient };
    });

    await this.links.createMany(workspaceId, issued.map((x) => x.link));
    await this.shares.create(workspaceId, { _id: shareId, video: { id: body.video.id, title: body.video.title }, message: body.message ?? null, locale, requiresCode, notifyEmail: notify?.masked ?? null, createdBy: actor }, issued.map((x) => x.recipient));
    for (const { d, token, recipient } of issued) {
      await this.producer.enqueue(
        JobName.Share,
        {
          workspaceId,
          shareId,
          recipientId: recipient._id,
          channel: d.channel,
          to: cipher.seal(d.to) as Sealed,
          url: cipher.seal(token.url) as Sealed,
          videoTitle: body.video.title,
          ...(body.message ? { message: body.message } : {}),
          locale,
        },
        { jobId: jobIdFor.share(recipient._id) },
      );
    }
    await this.audit.record(workspaceId, AuditEventType.ShareCreated, actor, { kind: 'share', id: shareId }, {
      videoId: body.video.id,
      requiresCode,
      ...(notify ? { notifyEmail: notify.masked } : {}),
      recipients: issued.map((x) => ({ id: x.recipient._id, channel: x.d.channel, to: x.recipient.masked, linkId: x.link._id })),
    });
    return {
      id: shareId,
      requiresCode,
      ...(notify ? { notifyEmail: notify.masked } : {}),
      recipients: issued.map((x) => ({ id: x.recipient._id, channel: x.d.channel, to: x.recipient.masked, link: { id: x.link._id, url: x.token.url }, requiresCode })),
    };
  }

  async get(workspaceId: string, id: string) {
    const share = await this.shares.findById(workspaceId, id);
    if (!share) throw Errors.notFound('share');
    const [recipients, links, views] = await Promise.all([
      this.shares.listRecipients(workspaceId, id),
      this.links.listByShare(workspaceId, id),
      this.views.listForShare(workspaceId, id, ['viewed']),
    ]);
    const linkById = new Map(links.map((l) => [l._id, l]));
    return {
      id: share._id,
      video: share.video,
      requiresCode: share.requiresCode,
      ...(share.notifyEmail ? { notifyEmail: share.notifyEmail } : {}),
      createdAt: new Date(share.createdAt).toISOString(),
      recipients: recipients.map((r) => {
        const link = linkById.get(r.linkId);
        const own = views.filter((v) => v.recipientId === r._id);
        return {
          id: r._id,
          channel: r.channel,
          to: r.masked,
          link: { id: r.linkId, status: link ? linkStatus(link, own.length) : 'revoked' },
          requiresCode: share.requiresCode,
          delivery: {
            status: r.delivery.status,
            attempts: r.delivery.attempts,
            ...(r.delivery.lastError ? { lastError: r.delivery.lastError } : {}),
            ...(r.delivery.sentAt ? { sentAt: new Date(r.delivery.sentAt).toISOString() } : {}),
          },
          views: own.map(toViewItem),
        };
      }),
    };
  }

  /**
   * A provider's verdict on a share SMS, found by its message id. Returns false when no share recipient has that
   * message id or its delivery was already decided.
   */
  async recordProviderStatus(providerMessageId: string, status: ProviderDeliveryStatus, errorCode: string | undefined): Promise<boolean> {
    const found = await this.shares.findRecipientByProviderId(providerMessageId);
    if (!found) return false;
    // Re-read under the recipient's lock: the notifier writes the same document (FerretDB writes it whole).
    const recipient = await this.locks.run('share_recipient', found._id, async () => {
      const current = await this.shares.findRecipient(found.workspaceId, found._id);
      if (current?.delivery.providerMessageId !== providerMessageId || current.delivery.status !== 'sent') return null;
      return (await this.shares.recordProviderVerdict(current.workspaceId, current._id, providerMessageId, status, errorCode)) ? current : null;
    });
    if (!recipient) return false;
    await this.audit.record(recipient.workspaceId, AuditEventType.DeliveryStatusUpdated, { kind: 'system', id: 'twilio' }, { kind: 'share', id: recipient.shareId }, {
      recipientId: recipient._id,
      channel: recipient.channel,
      to: recipient.masked,
      status,
      ...(errorCode ? { errorCode } : {}),
    });
    return true;
  }

  /** Same destination rules as a code: normalised, channel configured, SMS country allow-list; code channels when a code will follow. */
  private destination(r: ShareRecipientInputDto, field: string, settings: WorkspaceSettings, requiresCode: boolean): Destination {
    const given = (['phone', 'email'] as const).filter((k) => r[k] !== undefined);
    if (given.length !== 1) throw LinkErrors.invalid(field, 'must have exactly one of phone or email');
    if (r.country !== undefined && r.phone === undefined) throw LinkErrors.invalid(`${field}.country`, 'only goes with phone');
    let channel: Channel;
    let to: string;
    if (r.phone !== undefined) {
      const phone = normalizePhone(r.phone, r.country);
      if (!phone) throw LinkErrors.invalid(`${field}.phone`, 'must be a valid phone number (E.164, or national with country)');
      const allowed = settings.sms.allowedCountries;
      if (allowed.length > 0 && (!phone.country || !allowed.includes(phone.country))) throw ChallengeErrors.countryNotAllowed(phone.country);
      channel = 'sms';
      to = phone.e164;
    } else {
      const email = normalizeEmail(r.email!);
      if (!email) throw LinkErrors.invalid(`${field}.email`, 'must be a valid email address');
      channel = 'email';
      to = email;
    }
    if (!availableChannels(this.config).includes(channel)) throw ChallengeErrors.channelUnavailable(channel, 'not_configured');
    if (requiresCode && !settings.authentication.channels.includes(channel)) throw ChallengeErrors.channelUnavailable(channel, 'not_allowed');
    return { channel, to, hash: this.linkService.cipher.keyedHash(to) };
  }
}
