import { DeliveryError, SmtpEmailSender } from '@app/messaging';
import { SmtpSink } from './smtp-sink';

describe('SmtpSink with the real SmtpEmailSender', () => {
  const sink = new SmtpSink();
  let sender: SmtpEmailSender;

  beforeAll(async () => {
    await sink.start();
    sender = new SmtpEmailSender({ url: sink.url, from: '"IrisCX" <no-reply@iriscx.test>' });
  });
  afterEach(() => sink.reset());
  afterAll(async () => {
    await sender.close();
    await sink.stop();
  });

  it('delivers and parses a message', async () => {
    const { providerMessageId } = await sender.send({
      to: 'Alice@Example.com',
      subject: 'Your IrisCX verification code',
      text: 'Your code is: 482913',
      html: '<p>Your code is: <b>482913</b></p>',
    });
    expect(providerMessageId).toMatch(/^<.+@.+>$/);

    const [msg] = await sink.waitForMessages(1, { to: 'alice@example.com' });
    expect(msg).toMatchObject({
      to: ['alice@example.com'],
      subject: 'Your IrisCX verification code',
      messageId: providerMessageId,
    });
    expect(msg.from).toContain('no-reply@iriscx.test');
    expect(msg.text.trim()).toBe('Your code is: 482913');
    expect(msg.html).toContain('<b>482913</b>');
    expect(sink.lastCodeFor('ALICE@example.com')).toBe('482913');
  });

  it('maps a 450 to a transient DeliveryError', async () => {
    sink.rejectNext(1, 450);
    const err = await sender.send({ to: 'bob@example.com', subject: 's', text: 't', html: '<p>t</p>' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ permanent: false, providerCode: 'smtp_450' });
    expect((err as Error).message).not.toContain('bob@example.com');
  });

  it('maps a 550 to a permanent DeliveryError and keeps the pool usable', async () => {
    sink.rejectNext(1, 550);
    await expect(sender.send({ to: 'bob@example.com', subject: 's', text: 't', html: '' })).rejects.toMatchObject({
      permanent: true,
      providerCode: 'smtp_550',
    });
    await sender.send({ to: 'bob@example.com', subject: 'again', text: 'ok', html: '<p>ok</p>' });
    await expect(sink.waitForMessages(1, { to: 'bob@example.com' })).resolves.toHaveLength(1);
  });

  it('maps a 503 to a transient DeliveryError', async () => {
    sink.rejectNext(1, 503);
    await expect(sender.send({ to: 'c@example.com', subject: 's', text: 't', html: '' })).rejects.toMatchObject({
      permanent: false,
      providerCode: 'smtp_503',
    });
  });

  it('reports an unreachable server as transient', async () => {
    const down = new SmtpEmailSender({ url: 'smtp://127.0.0.1:1', from: 'no-reply@iriscx.test' });
    try {
      await expect(down.send({ to: 'd@example.com', subject: 's', text: 't', html: '' })).rejects.toMatchObject({ permanent: false });
    } finally {
      await down.close();
    }
  });

  it('times out waiting with a clear message', async () => {
    await expect(sink.waitForMessages(1, { to: 'nobody@example.com', timeoutMs: 50 })).rejects.toThrow(/expected 1 email\(s\) to nobody@example.com/);
  });
});
