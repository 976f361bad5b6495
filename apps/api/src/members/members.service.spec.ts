import type { AppConfig } from '@app/config';
import type { Member, MembersRepository } from '@app/database';
import type { AuditPublisher } from '@app/queue';
import { DomainError } from '../common/domain-error';
import { MembersService, resolvePreferredChannel } from './members.service';

const actor = { kind: 'api_key' as const, id: 'key_1' };
const config = { dataKey: Buffer.alloc(32, 7), queuePrefix: '{t}' } as AppConfig;

/** A Redis stand-in just big enough for RedisLock: SET NX PX and the compare-and-delete script. */
function fakeRedis() {
  const store = new Map<string, string>();
  return {
    set: jest.fn(async (key: string, value: string, ..._args: unknown[]) => (store.has(key) ? null : (store.set(key, value), 'OK'))),
    eval: jest.fn(async (_script: string, _n: number, key: string, token: string) => (store.get(key) === token ? (store.delete(key), 1) : 0)),
    del: jest.fn(async (key: string) => (store.delete(key) ? 1 : 0)),
  };
}

function build(repo: Partial<Record<keyof MembersRepository, jest.Mock>>) {
  const audit = { record: jest.fn().mockResolvedValue('evt') };
  const locks = { run: (_kind: string, _id: string, work: () => Promise<unknown>) => work() };
  const service = new MembersService(repo as unknown as MembersRepository, audit as unknown as AuditPublisher, locks as never, fakeRedis() as never, config);
  return { service, audit };
}

describe('resolvePreferredChannel', () => {
  it('keeps an asked-for channel only if the member has it', () => {
    expect(resolvePreferredChannel({ sms: true, email: true }, 'email', 'sms')).toBe('email');
    expect(() => resolvePreferredChannel({ sms: false, email: true }, 'sms', null)).toThrow(DomainError);
  });
  it('moves off a channel the member no longer has, and defaults to sms, then email, then none', () => {
    expect(resolvePreferredChannel({ sms: false, email: true }, undefined, 'sms')).toBe('email');
    expect(resolvePreferredChannel({ sms: true, email: true }, undefined, null)).toBe('sms');
    expect(resolvePreferredChannel({ sms: false, email: false }, undefined, 'email')).toBeNull();
  });
});

describe('MembersService', () => {
  it('stores the password only as scrypt and destinations only sealed, answers masked, audits masked', async () => {
    const create = jest.fn(async (_ws: string, m: Omit<Member, 'workspaceId'>) => ({ ...m, workspaceId: 'ws_1', createdAt: new Date(), updatedAt: new Date() }));
    const { service, audit } = build({ create });
    const view = await service.create('ws_1', { username: 'Ann', password: 'a long enough password', phone: '+14155550123', email: 'ann@example.com' }, actor);

    const stored = JSON.stringify(create.mock.calls[0][1]);
    for (const plain of ['a long enough password', '+14155550123', '4155550123', 'ann@example.com']) expect(stored).not.toContain(plain);
    expect(create.mock.calls[0][1]).toMatchObject({ usernameLower: 'ann', passwordHash: expect.stringMatching(/^scrypt\$/), preferredChannel: 'sms' });
    expect(view).toMatchObject({ username: 'Ann', phone: '+1••••••0123', email: 'a•••@example.com', channels: ['sms', 'email'] });
    expect(JSON.stringify(view)).not.toMatch(/scrypt|password/);
    expect(JSON.stringify(audit.record.mock.calls)).not.toContain('ann@example.com');
  });

  it('turns a unique-index violation into 409 username_taken', async () => {
    const create = jest.fn().mockRejectedValue(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    const { service, audit } = build({ create });
    await expect(service.create('ws_1', { username: 'ann', password: 'a long enough password' }, actor)).rejects.toMatchObject({ status: 409, code: 'username_taken' });
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('refuses a rename to a name another member holds, without writing', async () => {
    const current = { _id: 'mem_a', workspaceId: 'ws_1', username: 'ann', usernameLower: 'ann', passwordHash: 'x', displayName: null, phoneSealed: null, phoneHash: null, emailSealed: null, emailHash: null, preferredChannel: null, createdAt: new Date(), updatedAt: new Date() };
    const findById = jest.fn().mockResolvedValue(current);
    const findByUsername = jest.fn().mockResolvedValue({ ...current, _id: 'mem_b', usernameLower: 'bob' });
    const update = jest.fn();
    const { service } = build({ findById, findByUsername, update });
    await expect(service.update('ws_1', 'mem_a', { username: 'BOB' }, actor)).rejects.toMatchObject({ status: 409, code: 'username_taken' });
    expect(findByUsername).toHaveBeenCalledWith('ws_1', 'bob');
    expect(update).not.toHaveBeenCalled();
  });

  it('audits an update with field names only', async () => {
    const current = { _id: 'mem_a', workspaceId: 'ws_1', username: 'ann', usernameLower: 'ann', passwordHash: 'x', displayName: null, phoneSealed: null, phoneHash: null, emailSealed: null, emailHash: null, preferredChannel: null, createdAt: new Date(), updatedAt: new Date() };
    const findById = jest.fn().mockResolvedValue(current);
    const update = jest.fn(async (_ws: string, _id: string, changes: Partial<Member>) => ({ ...current, ...changes }));
    const { service, audit } = build({ findById, update });
    await service.update('ws_1', 'mem_a', { email: 'ann@example.com', password: 'another long password' }, actor);
    expect(audit.record).toHaveBeenCalledWith('ws_1', 'member.updated', actor, { kind: 'member', id: 'mem_a' }, { changed: ['email', 'password', 'preferredChannel'] });
  });
});
