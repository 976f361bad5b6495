import { DeliveryError, TwilioSmsSender } from '@app/messaging';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { FakeTwilio } from './fake-twilio';

const accountSid = 'AC' + '0'.repeat(32);
const authToken = 'test-auth-token';

describe('FakeTwilio with the real TwilioSmsSender', () => {
  const fake = new FakeTwilio({ accountSid, authToken });
  let sender: TwilioSmsSender;

  beforeAll(async () => {
    await fake.start();
    sender = new TwilioSmsSender({ accountSid, authToken, from: '+15550006666', apiBaseUrl: fake.url });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it('receives SDK requests through the httpClient redirect', async () => {
    const { providerMessageId } = await sender.send({
      to: '+15551234567',
      body: '123456 is your IrisCX verification code.',
      statusCallback: 'http://127.0.0.1:1/cb',
    });

    expect(providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const [msg] = await fake.waitForMessages(1, { to: '+15551234567' });
    expect(msg).toMatchObject({
      sid: providerMessageId,
      to: '+15551234567',
      from: '+15550006666',
      statusCallback: 'http://127.0.0.1:1/cb',
      accountSid,
      authorized: true,
      accepted: true,
    });
    expect(fake.lastCodeFor('+15551234567')).toBe('123456');
  });

  it('turns a 400/21211 into a permanent DeliveryError without echoing the number', async () => {
    fake.failNext(1, { status: 400, code: 21211, message: "The 'To' number +15551234567 is not a valid phone number." });
    const err = await sender.send({ to: '+15551234567', body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ permanent: true, providerCode: '21211' });
    expect((err as Error).message).not.toContain('+15551234567');

    await sender.send({ to: '+15551234567', body: 'next one works' });
    expect(fake.accepted).toHaveLength(1);
    expect(fake.messages).toHaveLength(2);
  });

  it('turns a 503 into a transient DeliveryError and does not retry by itself', async () => {
    fake.failNext(1, { status: 503, code: 20503 });
    await expect(sender.send({ to: '+15551234567', body: 'x' })).rejects.toMatchObject({ permanent: false });
    expect(fake.messages).toHaveLength(1);
  });

  it('does not let the SDK retry 429s', async () => {
    fake.failAll({ status: 429, code: 20429 });
    await expect(sender.send({ to: '+15551234567', body: 'x' })).rejects.toMatchObject({ permanent: false, providerCode: '20429' });
    expect(fake.messages).toHaveLength(1);
  });

  it('rejects wrong credentials with a Twilio 401', async () => {
    const wrong = new TwilioSmsSender({ accountSid, authToken: 'nope', from: '+15550006666', apiBaseUrl: fake.url });
    await expect(wrong.send({ to: '+15551234567', body: 'x' })).rejects.toMatchObject({ permanent: true, providerCode: '20003' });
    expect(fake.messages[0]).toMatchObject({ authorized: false, accepted: false, httpStatus: 401 });
  });

  it('reports connection failures as transient', async () => {
    const down = new TwilioSmsSender({ accountSid, authToken, from: '+15550006666', apiBaseUrl: 'http://127.0.0.1:1' });
    await expect(down.send({ to: '+15551234567', body: 'x' })).rejects.toMatchObject({
      permanent: false,
      providerCode: 'ECONNREFUSED',
    });
  });

  it('times out waiting with a clear message', async () => {
    await expect(fake.waitForMessages(1, { to: '+15550000000', timeoutMs: 50 })).rejects.toThrow(
      /expected 1 accepted SMS to \+15550000000 within 50ms, got 0/,
    );
  });

  describe('status callbacks', () => {
    let receiver: Server;
    let callbackUrl: string;
    const received: Array<{ valid: boolean; params: Record<string, string> }> = [];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let raw = '';
        req.on('data', (c) => (raw += c));
        req.on('end', () => {
          const params = Object.fromEntries(new URLSearchParams(raw));
          const valid = twilio.validateRequest(authToken, String(req.headers['x-twilio-signature']), callbackUrl, params);
          received.push({ valid, params });
          res.writeHead(valid ? 204 : 403).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/twilio/status`;
    });
    afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

    it('sends signed callbacks that the SDK validator accepts, and forged ones it rejects', async () => {
      await sender.send({ to: '+15551234567', body: '111222', statusCallback: callbackUrl });
      const [msg] = await fake.waitForMessages(1);

      expect(await fake.sendStatusCallback(msg, 'delivered')).toMatchObject({ status: 204 });
      expect(await fake.sendStatusCallback(msg, 'undelivered', { errorCode: 30003 })).toMatchObject({ status: 204 });
      expect(await fake.sendStatusCallback(msg, 'delivered', { authToken: 'forged' })).toMatchObject({ status: 403 });

      expect(received.map((r) => r.valid)).toEqual([true, true, false]);
      expect(received[0].params).toMatchObject({ MessageSid: msg.sid, MessageStatus: 'delivered', To: '+15551234567', AccountSid: accountSid });
      expect(received[1].params.ErrorCode).toBe('30003');
    });
  });
});
