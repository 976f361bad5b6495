import { Logger } from '@nestjs/common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogEmailSender, LogSmsSender } from './log.sender';

describe('log senders', () => {
  let dir: string;
  let warn: jest.SpyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    warn.mockRestore();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per message, creating the folder', async () => {
    const file = join(dir, 'nested', 'outbox.jsonl');
    const sms = new LogSmsSender(file);
    const email = new LogEmailSender(file);

    const results = await Promise.all([
      sms.send({ to: '+15551234567', body: '123456 is your code' }),
      email.send({ to: 'a@example.com', subject: 'Your code', text: 'code 654321', html: '<p>654321</p>' }),
      sms.send({ to: '+15557654321', body: 'second' }),
    ]);

    expect(results.every((r) => /^log-[0-9a-f-]{36}$/.test(r.providerMessageId))).toBe(true);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', to: '+15551234567', body: '123456 is your code' }),
        expect.objectContaining({ channel: 'email', to: 'a@example.com', subject: 'Your code', body: 'code 654321' }),
      ]),
    );
    expect(typeof lines[0].at).toBe('string');
    expect(warn).toHaveBeenCalledTimes(3);
    expect(sms.kind).toBe('log');
  });

  it('refuses to run in production', () => {
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => new LogSmsSender(join(dir, 'x.jsonl'))).toThrow(/production/);
    } finally {
      process.env.NODE_ENV = prev;
    }
  });
});
