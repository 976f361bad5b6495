import { DUMMY_PASSWORD_HASH, burnPasswordCheck, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  jest.setTimeout(30000);

  it('hashes in the scrypt$N$r$p$salt$hash format and verifies', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    const [alg, n, r, p, salt, hash] = encoded.split('$');
    expect([alg, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', encoded)).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats canonically equivalent Unicode as the same password', async () => {
    const encoded = await hashPassword('caf\u00e9');
    expect(await verifyPassword('cafe\u0301', encoded)).toBe(true);
  });

  it('returns false for malformed or abusive stored hashes', async () => {
    const good = await hashPassword('pw');
    const parts = good.split('$');
    const bad = [
      '',
      'garbage',
      good.replace('scrypt$', 'bcrypt$'),
      [...parts.slice(0, 5)].join('$'),
      [parts[0], '1048577', ...parts.slice(2)].join('$'),
      [parts[0], String(2 ** 22), ...parts.slice(2)].join('$'),
      [parts[0], '1000', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 5), ''].join('$'),
      undefined as unknown as string,
    ];
    for (const encoded of bad) await expect(verifyPassword('pw', encoded)).resolves.toBe(false);
  });

  it('DUMMY_PASSWORD_HASH uses the current parameters, so burns cost the same as real checks', async () => {
    const real = (await hashPassword('x')).split('$');
    const dummy = DUMMY_PASSWORD_HASH.split('$');
    expect(dummy.slice(0, 4)).toEqual(real.slice(0, 4));
    expect(Buffer.from(dummy[4], 'base64')).toHaveLength(16);
    expect(Buffer.from(dummy[5], 'base64')).toHaveLength(32);
    await expect(burnPasswordCheck('anything')).resolves.toBeUndefined();
  });

  it('burnPasswordCheck takes about as long as a real verification', async () => {
    const encoded = await hashPassword('pw');
    const time = async (fn: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    await burnPasswordCheck('warm-up');
    const real = await time(() => verifyPassword('wrong', encoded));
    const burn = await time(() => burnPasswordCheck('wrong'));
    expect(burn).toBeGreaterThan(real / 3);
  });
});
