import { Logger } from '@nestjs/common';
import { REDACTED, scrubAuditData, scrubAuditEvent } from './audit.publisher';

describe('scrubAuditData', () => {
  it('keeps masked values and harmless data untouched', () => {
    const data = { to: '+1•••••0123', email: 'j•••@example.com', name: 'Checkout', count: 3, codeRequired: true, changes: { 'codes.length': { before: 6, after: 8 } } };
    expect(scrubAuditData(data)).toEqual({ data, redacted: [] });
  });

  it('redacts unmasked phone numbers and emails wherever they sit, naming the path only', () => {
    const { data, redacted } = scrubAuditData({ to: '+15551234567', nested: { list: ['ok', 'mail me at ann@example.com'] }, name: 'x' });
    expect(data).toEqual({ to: REDACTED, nested: { list: ['ok', REDACTED] }, name: 'x' });
    expect(redacted).toEqual(['to', 'nested.list[1]']);
  });

  it('redacts values under secret-like keys whatever their shape', () => {
    const { data, redacted } = scrubAuditData({ code: 123456, password: 'hunter2', token: 'abc', key: 'mfa_live_x', secret: { a: 1 }, linkToken: 't', api_key: 'k', keyId: 'key_1', prefix: 'mfa_ab' });
    expect(data).toEqual({ code: REDACTED, password: REDACTED, token: REDACTED, key: REDACTED, secret: REDACTED, linkToken: REDACTED, api_key: REDACTED, keyId: 'key_1', prefix: 'mfa_ab' });
    expect(redacted.sort()).toEqual(['api_key', 'code', 'key', 'linkToken', 'password', 'secret', 'token']);
  });

  it('does not treat a short number or a flag under a secret-like name as a phone or a secret', () => {
    expect(scrubAuditData({ n: '+1234567', hasPassword: false }).redacted).toEqual([]);
  });
});

describe('scrubAuditEvent', () => {
  it('scrubs actor, subject and data and warns with the keys, never the values', () => {
    const logger = { warn: jest.fn() } as unknown as Logger;
    const event = { type: 'link.viewed', actor: { kind: 'viewer' as const, id: '+15551234567' }, subject: { kind: 'link', id: 'lnk_1' }, data: { code: '987654' } };
    const clean = scrubAuditEvent(logger, event);
    expect(clean).toEqual({ type: 'link.viewed', actor: { kind: 'viewer', id: REDACTED }, subject: { kind: 'link', id: 'lnk_1' }, data: { code: REDACTED } });
    const logged = JSON.stringify((logger.warn as jest.Mock).mock.calls);
    expect(logged).toContain('actor.id');
    expect(logged).toContain('data.code');
    expect(logged).not.toContain('5551234567');
    expect(logged).not.toContain('987654');
  });

  it('returns the same event and logs nothing when all is masked', () => {
    const logger = { warn: jest.fn() } as unknown as Logger;
    const event = { type: 'x', actor: { kind: 'system' as const, id: 'api' }, subject: { kind: 'service', id: 'api' }, data: {} };
    expect(scrubAuditEvent(logger, event)).toBe(event);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
