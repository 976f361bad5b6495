import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export function generateCode(length: number): string {
  if (!Number.isInteger(length) || length < 4 || length > 10) {
    throw new RangeError('code length must be an integer between 4 and 10');
  }
  let code = '';
  // One randomInt per digit avoids the modulo bias of slicing a random number.
  for (let i = 0; i < length; i++) code += String(randomInt(0, 10));
  return code;
}

// Binding challenge and send version means a code leaked from one challenge, or an
// earlier resend, never verifies anywhere else.
export function hashCode(pepper: string, challengeId: string, version: number, code: string): string {
  return createHmac('sha256', pepper).update(`${challengeId}.${version}.${code}`).digest('hex');
}

export function codeMatches(
  pepper: string,
  challengeId: string,
  version: number,
  code: string,
  storedHex: string,
): boolean {
  try {
    if (typeof code !== 'string' || typeof storedHex !== 'string') return false;
    // Buffer.from(hex) silently truncates at the first bad character, so validate first.
    if (!HEX_SHA256.test(storedHex)) return false;
    const expected = Buffer.from(storedHex, 'hex');
    const actual = Buffer.from(hashCode(pepper, challengeId, version, code), 'hex');
    if (actual.length !== expected.length) return false;
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
