import { DeliveryError } from '@app/messaging';
import { ViewNotifierService } from './view-notifier.service';

describe('ViewNotifierService', () => {
  const data = { workspaceId: 'ws_1', linkId: 'lnk_1', viewId: 'vw_1', outcome: 'viewed', viewer: '+1••••••0101', at: '2025-03-04T05:06:07Z' };
  const link = { _id: 'lnk_1', type: 'public_2fa', requiresCode: true, video: { title: 'Kitchen' }, notify: { toSealed: 'sealed', masked: 's•••@example.test', locale: 'en' }, shareId: null };

  function build(opts: { link?: object | null; notifyOn?: boolean; claim?: boolean; send?: jest.Mock } = {}) {
    const links = { findById: jest.fn().mockResolvedValue(opts.link === undefined ? link : opts.link) };
    const views = { claimNotice: jest.fn().mockResolvedValue(opts.claim ?? true), settleNotice: jest.fn() };
    const workspaces = { findById: jest.fn().mockResolvedValue({ settings: { sessionSharing: { requireAuthentication: false, notifySharerOnView: opts.notifyOn ?? true } } }) };
    const dispatcher = { canSend: () => true, send: opts.send ?? jest.fn().mockResolvedValue({ providerMessageId: 'msg_1' }) };
    const audit = { record: jest.fn() };
    const service = new ViewNotifierService(links as never, views as never, workspaces as never, dispatcher as never, audit as never);
    return { service, views, dispatcher, audit };
  }
  const job = (over: object = {}, attemptsMade = 0) => ({ data: { ...data, ...over }, attemptsMade, opts: { attempts: 5 } }) as never;

  it('sends one email for a code-verified view, settles the notice and audits masked data', async () => {
    const { service, views, dispatcher, audit } = build();
    await service.notify(job());
    expect(dispatcher.send).toHaveBeenCalledWith('email', 'sealed', expect.objectContaining({ email: expect.objectContaining({ subject: '+1••••••0101 opened "Kitchen"' }) }));
    expect(views.claimNotice).toHaveBeenCalledWith('ws_1', expect.stringMatching(/^lnk_1:[0-9a-f]{64}$/), 'lnk_1', 'vw_1');
    expect(views.settleNotice).toHaveBeenCalledWith('ws_1', expect.any(String), 'vw_1', 'sent');
    expect(audit.record).toHaveBeenCalledWith('ws_1', 'share.viewer_notified', { kind: 'system', id: 'notifier' }, { kind: 'link', id: 'lnk_1' }, expect.objectContaining({ viewer: '+1••••••0101', to: 's•••@example.test' }));
  });

  it.each([
    ['the setting is off', { notifyOn: false }, {}],
    ['the link has no notifyEmail', { link: { ...link, notify: null } }, {}],
    ['the view was anonymous (public link)', { link: { ...link, type: 'public', requiresCode: false } }, { viewer: 'anonymous' }],
    ['the share needed no code', { link: { ...link, type: 'share', requiresCode: false } }, {}],
    ['the outcome is not a view', {}, { outcome: 'code_approved' }],
    ['another view already owns the notice', { claim: false }, {}],
  ])('sends nothing when %s', async (_what, opts, over) => {
    const { service, dispatcher } = build(opts);
    await service.notify(job(over));
    expect(dispatcher.send).not.toHaveBeenCalled();
  });

  it('throws a transient failure with tries left (the queue retries), and settles as failed without throwing on the last try', async () => {
    const send = jest.fn().mockRejectedValue(new DeliveryError('try later', false, '450'));
    const { service, views } = build({ send });
    await expect(service.notify(job())).rejects.toThrow('try later');
    expect(views.settleNotice).not.toHaveBeenCalled();
    await expect(service.notify(job({}, 4))).resolves.toBeUndefined();
    expect(views.settleNotice).toHaveBeenCalledWith('ws_1', expect.any(String), 'vw_1', 'failed');
  });
});
