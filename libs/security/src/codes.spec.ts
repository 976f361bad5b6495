import { createHmac } from 'node:crypto';
import { codeMatches, generateCode, hashCode } from './codes';

describe('generateCode', () => {
  it.each([4, 6, 10])('returns %i digits', (length) => {
    expect(generateCode(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });

  it.each([3, 11, 0, -1, 5.5, NaN])('rejects length %p', (length) => {
    expect(() => generateCode(length)).toThrow(RangeError);
  });

  it('uses every digit in every position', () => {
    const seen = Array.from({ length: 6 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) [...generateCode(6)].forEach((d, pos) => seen[pos].add(d));
    seen.forEach((digits) => expect(digits.size).toBe(10));
  });
});

describe('hashCode / codeMatches', () => {
  const pepper = 'pepper';

  it('is HMAC-SHA256 of challengeId.version.code', () => {
    const expected = createHmac('sha256', pepper).update('ch1.2.123456').digest('hex');
    expect(hashCode(pepper, 'ch1', 2, '123456')).toBe(expected);
  });

  it('matches only the same challenge, version and code', () => {
    const stored = hashCode(pepper, 'ch1', 1, '123456');
    expect(codeMatches(pepper, 'ch1', 1, '123456', stored)).toBe(true);
    expect(codeMatches(pepper, 'ch1', 1, '123456', stored.toUpperCase())).toBe(true);
    expect(codeMatches(pepper, 'ch2', 1, '123456', stored)).toBe(false);
    expect(codeMatches(pepper, 'ch1', 2, '123456', stored)).toBe(false);
    expect(codeMatches(pepper, 'ch1', 1, '123457', stored)).toBe(false);
    expect(codeMatches('other', 'ch1', 1, '123456', stored)).toBe(false);
  });

  it('returns false on malformed stored values without throwing', () => {
    const stored = hashCode(pepper, 'ch1', 1, '123456');
    for (const bad of ['', 'zz', stored.slice(0, 62), `${stored}00`, `${stored.slice(0, 63)}g`, null, undefined, 42]) {
      expect(codeMatches(pepper, 'ch1', 1, '123456', bad as unknown as string)).toBe(false);
    }
    expect(codeMatches(pepper, 'ch1', 1, undefined as unknown as string, stored)).toBe(false);
  });
});
