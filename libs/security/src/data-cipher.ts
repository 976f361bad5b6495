import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const B64URL = /^[A-Za-z0-9_-]*$/;
const B64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

export class DataCipher {
  private readonly key: Buffer;
  private readonly lookupKey: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw new RangeError(`data key must be exactly ${KEY_BYTES} bytes`);
    }
    // Copy so a caller zeroing or reusing its buffer cannot change our key.
    this.key = Buffer.from(key);
    // Separate sub-key so look-up hashes never share key material with encryption.
    this.lookupKey = Buffer.from(hkdfSync('sha256', this.key, '', 'mfa-lookup-v1', 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    try {
      const parts = typeof sealed === 'string' ? sealed.split('.') : [];
      if (parts.length !== 4 || parts[0] !== VERSION) throw new Error();
      const [, ivPart, tagPart, ctPart] = parts;
      if (!B64URL.test(ivPart) || !B64URL.test(tagPart) || !B64URL.test(ctPart)) throw new Error();
      const iv = Buffer.from(ivPart, 'base64url');
      const tag = Buffer.from(tagPart, 'base64url');
      // A short tag would weaken GCM authentication, so insist on the full length.
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error();
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      const ciphertext = Buffer.from(ctPart, 'base64url');
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // No detail: distinguishing failure causes helps an attacker probing ciphertexts.
      throw new Error('sealed value cannot be opened');
    }
  }

  keyedHash(value: string): string {
    return createHmac('sha256', this.lookupKey).update(value, 'utf8').digest('hex');
  }
}

export function parseDataKey(base64: string): Buffer {
  const trimmed = typeof base64 === 'string' ? base64.trim() : '';
  // Node's base64 decoder skips junk characters, which would hide a mangled key.
  const key = B64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    // Never echo the input: it is (almost) a secret.
    throw new RangeError(`data key must be base64 of exactly ${KEY_BYTES} bytes`);
  }
  return key;
}
