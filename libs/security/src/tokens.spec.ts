import { createHash } from 'node:crypto';
import { apiKeyToken, randomToken, safeEqual, sha256Hex } from './tokens';

describe('tokens', () => {
  it('randomToken is base64url of the requested size', () => {
    expect(Buffer.from(randomToken(), 'base64url')).toHaveLength(32);
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    expect(randomToken()).not.toBe(randomToken());
    expect(() => randomToken(0)).toThrow(RangeError);
    expect(() => randomToken(1.5)).toThrow(RangeError);
  });

  it('sha256Hex', () => {
    expect(sha256Hex('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
  });

  it('apiKeyToken has the mfa_live_ format and a 12-char display prefix', () => {
    const { key, prefix } = apiKeyToken();
    expect(key).toMatch(/^mfa_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice('mfa_live_'.length), 'base64url')).toHaveLength(32);
    expect(prefix).toBe(key.slice(9, 21));
    expect(prefix).toHaveLength(12);
    expect(apiKeyToken().key).not.toBe(key);
  });

  it('safeEqual compares strings of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('abc', undefined as unknown as string)).toBe(false);
  });
});
