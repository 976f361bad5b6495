import { parsePhoneNumber } from 'libphonenumber-js';

const BULLET = '•';
const OPAQUE = BULLET.repeat(3);
const VISIBLE_TAIL = 4;
const MIN_BULLETS = 3;

export function maskPhone(value: string): string {
  try {
    if (typeof value !== 'string') return OPAQUE;
    const parsed = parsePhoneNumber(value.trim());
    const national = parsed.nationalNumber;
    if (!/^\d+$/.test(national)) return OPAQUE;
    // Numbers this short would be fully revealed by the tail.
    const tail = national.length > VISIBLE_TAIL ? national.slice(-VISIBLE_TAIL) : '';
    const hidden = national.length - tail.length;
    return `+${parsed.countryCallingCode}${BULLET.repeat(Math.max(hidden, MIN_BULLETS))}${tail}`;
  } catch {
    return OPAQUE;
  }
}

export function maskEmail(value: string): string {
  try {
    if (typeof value !== 'string') return OPAQUE;
    const trimmed = value.trim();
    const at = trimmed.lastIndexOf('@');
    if (at <= 0 || at === trimmed.length - 1) return OPAQUE;
    // Code points, so an emoji or astral first character is not split in half.
    const first = Array.from(trimmed.slice(0, at))[0];
    return `${first}${OPAQUE}@${trimmed.slice(at + 1)}`;
  } catch {
    return OPAQUE;
  }
}

export function maskDestination(channel: 'sms' | 'email', value: string): string {
  switch (channel) {
    case 'sms':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    default:
      return OPAQUE;
  }
}
