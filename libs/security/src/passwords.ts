import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const MAXMEM = 64 * 1024 * 1024;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// NIST SP 800-63B: the same password typed on different platforms must hash the same.
function prepare(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(prepare(password), salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

interface ParsedHash {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(encoded: string): ParsedHash | null {
  if (typeof encoded !== 'string') return null;
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x) ? Number(x) : NaN));
  // Bounds stop a tampered stored hash from turning a login into a CPU/memory bomb.
  if (!Number.isInteger(n) || n < 2 || n > 2 ** 20 || (n & (n - 1)) !== 0) return null;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const hash = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { n, r, p, salt, hash };
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (typeof password !== 'string') return false;
  const parsed = parse(encoded);
  if (!parsed) return false;
  try {
    const candidate = await derive(prepare(password), parsed.salt, parsed.hash.length, {
      N: parsed.n,
      r: parsed.r,
      p: parsed.p,
      maxmem: MAXMEM,
    });
    return timingSafeEqual(candidate, parsed.hash);
  } catch {
    return false;
  }
}

// Hash of a random, discarded password with the current parameters. Precomputed rather
// than hashed on first use so the first unknown-user login is not slower than the rest;
// passwords.spec.ts fails if N/r/p change without regenerating it.
export const DUMMY_PASSWORD_HASH = 'scrypt$32768$8$1$JGJRgaa/X2L02XzAFSQPGA==$WKJT8VJhOlllm2V9NHGRDYkzabPllHtnxS85NLfDoUQ=';

export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(typeof password === 'string' ? password : '', DUMMY_PASSWORD_HASH);
}
