import type { AppConfig } from '@app/config';
import { JobName, type AuditActor } from '@app/contracts';
import type { Link } from '@app/database';
import { DataCipher, sha256Hex } from '@app/security';
import { DomainError } from '../common/domain-error';
import { ViewerService, requirementOf } from './viewer.service';

const TOKEN = 'A'.repeat(43);
const config = { dataKey: Buffer.alloc(32, 7), queuePrefix: '{t}' } as AppConfig;
const cipher = new DataCipher(config.dataKey);

function link(over: Partial<Link> = {}): Link {
  return {
    _id: 'lnk_1',
    workspaceId: 'ws_1',
    type: 'public',
    tokenHash: sha256Hex(TOKEN),
    video: { id: 'v', title: 'T', urlSealed: cipher.seal('https://cdn.test/v.mp4') },
    expiresAt: new Date(Date.now() + 60_000),
    maxViews: null,
    viewCount: 0,
    revokedAt: null,
    allowedRecipients: [],
    requiresCode: false,
    shareId: null,
    recipientId: null,
    recipient: null,
    createdBy: { kind: 'api_key', id: 'key_1' },
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  };
}

function build(found: Link | null, slots = 0) {
  const links = { findLiveByTokenHash: jest.fn().mockResolvedValue(found), raiseViewCount: jest.fn() };
  const views = { countSlots: jest.fn().mockResolvedValue(slots), claimSlot: jest.fn().mockResolvedValue(null) };
  const challenges = { start: jest.fn().mockResolvedValue({ id: 'chl_1', to: '+1••••••0101', channel: 'sms', expiresAt: 'x', attemptsRemaining: 5 }), verify: jest.fn(), resend: jest.fn() };
  const tokens = { verifyViewerToken: jest.fn(), verifyMemberToken: jest.fn(), issueViewerToken: jest.fn() };
  const settings = { get: jest.fn().mockResolvedValue({ codes: { resendCooldownSeconds: 30 } }) };
  const producer = { enqueue: jest.fn() };
  const audit = { record: jest.fn().mockResolvedValue('evt') };
  const redis = {} as never;
  const locks = { run: (_kind: string, _id: string, work: () => Promise<unknown>) => work() };
  const service = new ViewerService(links as never, views as never, { cipher } as never, challenges as never, tokens as never, settings as never, producer as never, audit as never, locks as never, redis, config);
  // The per-IP limiter talks to Redis; its behaviour is covered end to end.
  (service as unknown as { consumeChallenge: () => Promise<void> }).consumeChallenge = async () => undefined;
  return { service, links, views, challenges, tokens, producer, audit };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as DomainError).code;
  }
  return 'no error';
};

describe('what a link requires', () => {
  it.each([
    ['public', false, 'none'],
    ['private', false, 'member_login'],
    ['public_2fa', true, 'code'],
    ['share', false, 'none'],
    ['share', true, 'code'],
  ] as const)('%s (requiresCode %s) → %s', (type, requiresCode, expected) => expect(requirementOf({ type, requiresCode })).toBe(expected));
});

describe('ViewerService', () => {
  it('treats malformed, unknown and used-up tokens alike, without a query for a malformed one', async () => {
    const { service, links } = build(null);
    expect(await codeOf(service.describe('short'))).toBe('link_not_found');
    expect(links.findLiveByTokenHash).not.toHaveBeenCalled();
    expect(await codeOf(service.describe(TOKEN))).toBe('link_not_found');
    expect(await codeOf(build(link({ maxViews: 3 }), 3).service.describe(TOKEN))).toBe('link_not_found');
  });

  it('never sends a direct share\'s code to a typed destination', async () => {
    const recipient = { channel: 'sms' as const, toSealed: cipher.seal('+14155550101'), toHash: 'h', masked: '+1••••••0101' };
    const { service, challenges } = build(link({ type: 'share', requiresCode: true, recipient }));
    expect(await codeOf(service.startChallenge(TOKEN, { to: '+14155550999' }, '1.2.3.4'))).toBe('validation_failed');
    expect(challenges.start).not.toHaveBeenCalled();
    await service.startChallenge(TOKEN, {}, '1.2.3.4');
    expect(challenges.start).toHaveBeenCalledWith('ws_1', expect.objectContaining({ channel: 'sms', to: '+14155550101', purpose: 'link_view', subjectId: 'lnk_1' }), expect.anything() as AuditActor);
  });

  it('checks public_2fa destinations against allowedRecipients before anything is sent', async () => {
    const rules = [
      { kind: 'phone' as const, hash: cipher.keyedHash('+14155550101'), masked: 'x' },
      { kind: 'emailDomain' as const, domain: 'example.com' },
    ];
    const { service, challenges, audit } = build(link({ type: 'public_2fa', requiresCode: true, allowedRecipients: rules }));
    expect(await codeOf(service.startChallenge(TOKEN, { to: '+14155550102' }, 'ip'))).toBe('recipient_not_allowed');
    expect(await codeOf(service.startChallenge(TOKEN, { to: 'eve@example.com.evil.test' }, 'ip'))).toBe('recipient_not_allowed');
    expect(challenges.start).not.toHaveBeenCalled();
    expect(audit.record).toHaveBeenCalledWith('ws_1', 'link.access_denied', expect.anything(), { kind: 'link', id: 'lnk_1' }, expect.objectContaining({ reason: 'recipient_not_allowed' }));
    await service.startChallenge(TOKEN, { to: '(415) 555-0101', country: 'US' }, 'ip');
    await service.startChallenge(TOKEN, { to: 'Ann@Example.com' }, 'ip');
    expect(challenges.start).toHaveBeenCalledTimes(2);
  });

  it('refuses media without a viewer token bound to this very link, and queues nothing', async () => {
    const { service, tokens, producer } = build(link({ type: 'public_2fa', requiresCode: true }));
    expect(await codeOf(service.media(TOKEN, undefined))).toBe('viewer_token_required');
    tokens.verifyViewerToken.mockReturnValue({ lnk: 'lnk_other', ws: 'ws_1', who: 'x' });
    expect(await codeOf(service.media(TOKEN, 'Bearer abc'))).toBe('viewer_token_required');
    expect(producer.enqueue).not.toHaveBeenCalled();
    tokens.verifyViewerToken.mockReturnValue({ lnk: 'lnk_1', ws: 'ws_1', who: '+1••••••0101' });
    expect(await service.media(TOKEN, 'Bearer abc')).toBe('https://cdn.test/v.mp4');
    expect(producer.enqueue).toHaveBeenCalledWith(JobName.Verify, expect.objectContaining({ outcome: 'viewed', viewer: '+1••••••0101' }), expect.objectContaining({ jobId: expect.stringMatching(/^verify-vw_/) }));
  });

  it('answers link_not_found when every view slot is taken', async () => {
    const { service, views, producer } = build(link({ maxViews: 2, viewCount: 1 }), 1);
    expect(await codeOf(service.media(TOKEN, undefined))).toBe('link_not_found');
    expect(views.claimSlot).toHaveBeenCalledWith('ws_1', 'lnk_1', 2, 1, expect.stringMatching(/^vw_/));
    expect(producer.enqueue).not.toHaveBeenCalled();
  });
});
