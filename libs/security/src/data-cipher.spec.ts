import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { DataCipher, parseDataKey } from './data-cipher';

describe('DataCipher', () => {
  const key = randomBytes(32);
  const cipher = new DataCipher(key);

  it('round-trips and uses the v1 format', () => {
    for (const text of ['', '+14155550123', 'jane.doe@example.com', 'ünïcødé 🔐']) {
      const sealed = cipher.seal(text);
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/);
      expect(cipher.open(sealed)).toBe(text);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal('same')).not.toBe(cipher.seal('same'));
  });

  it('rejects tampering, wrong keys and garbage with one generic error', () => {
    const sealed = cipher.seal('secret value');
    const [v, iv, tag, ct] = sealed.split('.');
    const flip = (s: string) => {
      const b = Buffer.from(s, 'base64url');
      b[0] ^= 1;
      return b.toString('base64url');
    };
    const bad = [
      [v, flip(iv), tag, ct].join('.'),
      [v, iv, flip(tag), ct].join('.'),
      [v, iv, tag, flip(ct)].join('.'),
      [v, iv, tag.slice(0, 10), ct].join('.'),
      ['v2', iv, tag, ct].join('.'),
      `${sealed}.x`,
      'garbage',
      '',
      undefined as unknown as string,
    ];
    for (const value of bad) expect(() => cipher.open(value)).toThrow(new Error('sealed value cannot be opened'));
    expect(() => new DataCipher(randomBytes(32)).open(sealed)).toThrow(new Error('sealed value cannot be opened'));
  });

  it('keyedHash is HMAC under the HKDF look-up sub-key, not the raw key', () => {
    const sub = Buffer.from(hkdfSync('sha256', key, '', 'mfa-lookup-v1', 32));
    expect(cipher.keyedHash('+14155550123')).toBe(createHmac('sha256', sub).update('+14155550123').digest('hex'));
    expect(cipher.keyedHash('+14155550123')).not.toBe(createHmac('sha256', key).update('+14155550123').digest('hex'));
    expect(new DataCipher(randomBytes(32)).keyedHash('+14155550123')).not.toBe(cipher.keyedHash('+14155550123'));
  });

  it('requires a 32-byte key and copies it', () => {
    expect(() => new DataCipher(randomBytes(16))).toThrow(RangeError);
    const k = randomBytes(32);
    const c = new DataCipher(k);
    const sealed = c.seal('x');
    k.fill(0);
    expect(c.open(sealed)).toBe('x');
  });
});

describe('parseDataKey', () => {
  it('accepts base64 (and base64url) of exactly 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseDataKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseDataKey(` ${key.toString('base64url')}\n`).equals(key)).toBe(true);
  });

  it.each([randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), '', 'not base64 at all!!'])(
    'rejects %p',
    (value) => expect(() => parseDataKey(value)).toThrow(RangeError),
  );

  it('rejects junk characters that Node would silently skip', () => {
    const b64 = randomBytes(32).toString('base64');
    expect(() => parseDataKey(`${b64.slice(0, 10)}*${b64.slice(10)}`)).toThrow(RangeError);
  });
});
