import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const API_KEY_PREFIX = 'mfa_live_';
const DISPLAY_PREFIX_CHARS = 12;

export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new RangeError('token size must be an integer between 1 and 1024 bytes');
  }
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function apiKeyToken(): { key: string; prefix: string } {
  const secret = randomToken(32);
  return { key: `${API_KEY_PREFIX}${secret}`, prefix: secret.slice(0, DISPLAY_PREFIX_CHARS) };
}

// Hashing first makes both sides the same length, so neither length nor content leaks via timing.
export function safeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
