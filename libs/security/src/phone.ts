import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface NormalizedPhone {
  e164: string;
  country?: string;
}

const MAX_PHONE_INPUT = 64;
const MAX_EMAIL = 254;
const MAX_LOCAL_PART = 64;

export function normalizePhone(input: string, countryHint?: string): NormalizedPhone | null {
  try {
    if (typeof input !== 'string') return null;
    const trimmed = input.trim();
    if (!trimmed || trimmed.length > MAX_PHONE_INPUT) return null;
    // libphonenumber only recognises upper-case ISO codes.
    const hint = typeof countryHint === 'string' && countryHint.trim() ? countryHint.trim().toUpperCase() : undefined;
    const parsed = parsePhoneNumberFromString(trimmed, hint as CountryCode | undefined);
    if (!parsed || !parsed.isValid()) return null;
    return parsed.country ? { e164: parsed.number, country: parsed.country } : { e164: parsed.number };
  } catch {
    return null;
  }
}

export function normalizeEmail(input: string): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim().toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL) return null;
  // Whitespace or control characters would let two look-alike addresses differ.
  if (/[\s\u0000-\u001f\u007f]/.test(email)) return null;
  const parts = email.split('@');
  if (parts.length !== 2) return null;
  const [local, domain] = parts;
  if (!local || local.length > MAX_LOCAL_PART) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label.length === 0)) return null;
  if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) return null;
  return email;
}
