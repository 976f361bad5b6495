import { UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@app/config';
import type { ShareJob, Sealed } from '@app/contracts';
import { DeliveryError } from '@app/messaging';
import { DataCipher } from '@app/security';
import { ShareDeliveryService } from './share-delivery.service';
import { ViewRecorderService } from './view-recorder.service';

const config = { dataKey: Buffer.alloc(32, 9), publicBaseUrl: 'https://mfa.test' } as AppConfig;
const cipher = new DataCipher(config.dataKey);
const data: ShareJob = {
  workspaceId: 'ws_1',
  shareId: 'shr_1',
  recipientId: 'rcp_1',
  channel: 'sms',
  to: cipher.seal('+14155550101') as Sealed,
  url: cipher.seal('https://mfa.test/s/' + 'A'.repeat(43)) as Sealed,
  videoTitle: 'Kitchen',
  locale: 'en',
};
const job = (attemptsMade = 0) => ({ id: 'share-rcp_1', data, attemptsMade, opts: { attempts: 3 } }) as never;

function build(providerMessageId: string | null = null) {
  const shares = {
    findRecipient: jest.fn().mockResolvedValue({ _id: 'rcp_1', masked: '+1••••••0101', delivery: { providerMessageId } }),
    countAttempt: jest.fn(),
    markSent: jest.fn(),
    markFailed: jest.fn(),
  };
  const audit = { record: jest.fn() };
  const sms = { kind: 'twilio' as const, send: jest.fn().mockResolvedValue({ providerMessageId: 'SM1' }) };
  // Records, per call, which lock (if any) was held: writes must hold the recipient's, the provider call none.
  let held: string | null = null;
  const heldDuring = new Map<jest.Mock, (string | null)[]>();
  const watch = (fn: jest.Mock) => {
    const impl = fn.getMockImplementation();
    fn.mockImplementation((...args: unknown[]) => {
      heldDuring.set(fn, [...(heldDuring.get(fn) ?? []), held]);
      return impl?.(...args);
    });
  };
  [shares.countAttempt, shares.markSent, shares.markFailed, sms.send].forEach(watch);
  const locks = {
    run: jest.fn(async (kind: string, id: string, work: () => Promise<unknown>) => {
      held = `${kind}:${id}`;
      try {
        return await work();
      } finally {
        held = null;
      }
    }),
  };
  const service = new ShareDeliveryService(shares as never, audit as never, locks as never, sms, null, config);
  return { service, shares, audit, sms, heldDuring };
}

describe('ShareDeliveryService', () => {
  it("writes the recipient only under its document lock, and calls the provider outside any lock", async () => {
    const { service, shares, sms, heldDuring } = build();
    await service.deliver(job());
    expect(heldDuring.get(shares.countAttempt)).toEqual(['share_recipient:rcp_1']);
    expect(heldDuring.get(shares.markSent)).toEqual(['share_recipient:rcp_1']);
    expect(heldDuring.get(sms.send)).toEqual([null]);
  });

  it('sends the opened link to the opened number, then records the provider id and audits share.sent', async () => {
    const { service, shares, audit, sms } = build();
    await service.deliver(job());
    expect(sms.send).toHaveBeenCalledWith(expect.objectContaining({ to: '+14155550101', body: expect.stringContaining('https://mfa.test/s/' + 'A'.repeat(43)) }));
    expect(shares.markSent).toHaveBeenCalledWith('ws_1', 'rcp_1', 'SM1');
    expect(audit.record).toHaveBeenCalledWith('ws_1', 'share.sent', expect.anything(), { kind: 'share', id: 'shr_1' }, expect.objectContaining({ to: '+1••••••0101' }));
    expect(JSON.stringify(audit.record.mock.calls)).not.toContain('4155550101');
  });

  it('does not send again once the provider accepted (a retried job)', async () => {
    const { service, sms } = build('SM0');
    await service.deliver(job(1));
    expect(sms.send).not.toHaveBeenCalled();
  });

  it('retries transient errors and marks the last try undeliverable; permanent ones stop at once', async () => {
    const transient = build();
    transient.sms.send.mockRejectedValue(new DeliveryError('down', false, 'http_503'));
    await expect(transient.service.deliver(job(0))).rejects.toBeInstanceOf(DeliveryError);
    expect(transient.shares.markFailed).toHaveBeenLastCalledWith('ws_1', 'rcp_1', 'failed', 'http_503');
    await expect(transient.service.deliver(job(2))).rejects.toBeInstanceOf(DeliveryError);
    expect(transient.shares.markFailed).toHaveBeenLastCalledWith('ws_1', 'rcp_1', 'undeliverable', 'http_503');

    const permanent = build();
    permanent.sms.send.mockRejectedValue(new DeliveryError('bad number', true, '21211'));
    await expect(permanent.service.deliver(job(0))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(permanent.shares.markFailed).toHaveBeenCalledWith('ws_1', 'rcp_1', 'undeliverable', '21211');
  });

  it('marks a channel without a sender undeliverable without throwing', async () => {
    const { service, shares } = build();
    await service.deliver({ ...(job() as object), data: { ...data, channel: 'email' } } as never);
    expect(shares.markFailed).toHaveBeenCalledWith('ws_1', 'rcp_1', 'undeliverable', 'channel_unavailable');
  });
});

describe('ViewRecorderService', () => {
  const view = { workspaceId: 'ws_1', linkId: 'lnk_1', viewId: 'vw_1', outcome: 'viewed' as const, viewer: '+1••••••0101', at: new Date().toISOString() };
  const asJob = (data: typeof view) => ({ data, attemptsMade: 0, opts: { attempts: 5 } }) as never;

  it('stores a view and audits link.viewed once; a redelivered job stores and audits nothing but still reaches the notice', async () => {
    const views = { record: jest.fn().mockResolvedValueOnce(true).mockResolvedValueOnce(false) };
    const audit = { record: jest.fn() };
    const notifier = { notify: jest.fn() };
    const recorder = new ViewRecorderService(views as never, audit as never, notifier as never);
    await recorder.record(asJob(view));
    await recorder.record(asJob(view));
    expect(views.record).toHaveBeenCalledWith('ws_1', expect.objectContaining({ _id: 'vw_1', viewer: '+1••••••0101', outcome: 'viewed' }));
    expect(audit.record).toHaveBeenCalledTimes(1);
    expect(audit.record).toHaveBeenCalledWith('ws_1', 'link.viewed', { kind: 'viewer', id: '+1••••••0101' }, { kind: 'link', id: 'lnk_1' }, expect.anything());
    // A job retried because its notice failed must get to try the notice again.
    expect(notifier.notify).toHaveBeenCalledTimes(2);
  });

  it('records the view before the notice, so a failing notice leaves the view stored', async () => {
    const views = { record: jest.fn().mockResolvedValue(true) };
    const notifier = { notify: jest.fn().mockRejectedValue(new Error('smtp down')) };
    const recorder = new ViewRecorderService(views as never, { record: jest.fn() } as never, notifier as never);
    await expect(recorder.record(asJob(view))).rejects.toThrow('smtp down');
    expect(views.record).toHaveBeenCalledTimes(1);
  });

  it('does not audit code outcomes as views', async () => {
    const audit = { record: jest.fn() };
    await new ViewRecorderService({ record: jest.fn().mockResolvedValue(true) } as never, audit as never, { notify: jest.fn() } as never).record(asJob({ ...view, outcome: 'code_rejected' as never }));
    expect(audit.record).not.toHaveBeenCalled();
  });
});
