import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, type AuditActor } from '@app/contracts';
import { MembersRepository, isDuplicateKeyError, type Member, type MemberChannel, type MemberChanges } from '@app/database';
import { AuditPublisher, DocumentLocks, REDIS } from '@app/queue';
import { DataCipher, LockTimeoutError, RedisLock, hashPassword, sha256Hex, maskEmail, maskPhone, normalizeEmail, normalizePhone } from '@app/security';
import { DomainError, Errors } from '../common/domain-error';
import type { CreateMemberDto, MemberDto, UpdateMemberDto } from './dto/member.dto';

const DEFAULT_PAGE = 50;

/** Plaintext destinations of a member, for sending a code; never leaves the server unmasked. */
export interface MemberDestinations {
  sms?: string;
  email?: string;
}

const usernameTaken = () => new DomainError(409, 'username_taken', 'Another member of this workspace already has this username');
const invalidField = (field: string, problem: string) => Errors.validation([{ field, problems: [problem] }]);

/**
 * Which channel codes go to: the one asked for (must be one the member has), else the current one while
 * the member still has it, else sms when there is a phone, else email, else none.
 */
export function resolvePreferredChannel(has: Record<MemberChannel, boolean>, requested: MemberChannel | undefined, current: MemberChannel | null): MemberChannel | null {
  if (requested !== undefined) {
    if (!has[requested]) throw invalidField('preferredChannel', `the member has no ${requested === 'sms' ? 'phone' : 'email'} to send codes to`);
    return requested;
  }
  if (current && has[current]) return current;
  return has.sms ? 'sms' : has.email ? 'email' : null;
}

function encodeCursor(usernameLower: string): string {
  return Buffer.from(usernameLower, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const value = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!value) throw invalidField('cursor', 'cursor must be a nextCursor this API returned');
  return value;
}

@Injectable()
export class MembersService {
  private readonly cipher: DataCipher;
  private readonly usernameLocks: RedisLock;

  constructor(
    private readonly members: MembersRepository,
    private readonly audit: AuditPublisher,
    private readonly locks: DocumentLocks,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cipher = new DataCipher(config.dataKey);
    this.usernameLocks = new RedisLock(redis);
  }

  async create(workspaceId: string, input: CreateMemberDto, actor: AuditActor): Promise<MemberDto> {
    const phone = input.phone == null ? null : this.sealPhone(input.phone, input.country);
    const email = input.email == null ? null : this.sealEmail(input.email);
    const preferredChannel = resolvePreferredChannel({ sms: !!phone, email: !!email }, input.preferredChannel, null);
    const passwordHash = await hashPassword(input.password);
    let member: Member;
    try {
      member = await this.withUsername(workspaceId, input.username, () => this.members.create(workspaceId, {
        _id: `mem_${randomUUID()}`,
        username: input.username,
        usernameLower: usernameKey(input.username),
        passwordHash,
        displayName: input.displayName ?? null,
        phoneSealed: phone?.sealed ?? null,
        phoneHash: phone?.hash ?? null,
        emailSealed: email?.sealed ?? null,
        emailHash: email?.hash ?? null,
        preferredChannel,
      }));
    } catch (err) {
      if (isDuplicateKeyError(err)) throw usernameTaken();
      throw err;
    }
    const view = this.toView(member);
    await this.audit.record(workspaceId, AuditEventType.MemberCreated, actor, { kind: 'member', id: member._id }, {
      username: view.username,
      phone: view.phone,
      email: view.email,
      preferredChannel: view.preferredChannel,
    });
    return view;
  }

  async list(workspaceId: string, limit = DEFAULT_PAGE, cursor?: string): Promise<{ items: MemberDto[]; nextCursor: string | null }> {
    // One extra row tells whether there is a next page.
    const rows = await this.members.list(workspaceId, limit + 1, cursor === undefined ? undefined : decodeCursor(cursor));
    const page = rows.slice(0, limit);
    return { items: page.map((m) => this.toView(m)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].usernameLower) : null };
  }

  async get(workspaceId: string, id: string): Promise<MemberDto> {
    return this.toView(await this.require(workspaceId, id));
  }

  async update(workspaceId: string, id: string, input: UpdateMemberDto, actor: AuditActor): Promise<MemberDto> {
    if (input.country !== undefined && input.phone == null) throw invalidField('country', 'country is only a hint for a phone number given in the same request');
    // Everything that needs only the input is prepared before the lock (hashing a password is slow).
    const given: MemberChanges = {};
    if (input.password !== undefined) given.passwordHash = await hashPassword(input.password);
    if (input.displayName !== undefined) given.displayName = input.displayName;
    if (input.phone !== undefined) {
      const phone = input.phone === null ? null : this.sealPhone(input.phone, input.country);
      given.phoneSealed = phone?.sealed ?? null;
      given.phoneHash = phone?.hash ?? null;
    }
    if (input.email !== undefined) {
      const email = input.email === null ? null : this.sealEmail(input.email);
      given.emailSealed = email?.sealed ?? null;
      given.emailHash = email?.hash ?? null;
    }

    // Read, decide and write under the member's lock: FerretDB writes the whole document back, so two
    // updates of different fields would otherwise lose one of them.
    const { updated, changes } = await this.withMember(id, async () => {
      const current = await this.require(workspaceId, id);
      const changes: MemberChanges = { ...given };
      if (input.username !== undefined && input.username !== current.username) {
        changes.username = input.username;
        changes.usernameLower = usernameKey(input.username);
      }
      const has = {
        sms: changes.phoneSealed !== undefined ? changes.phoneSealed !== null : current.phoneSealed !== null,
        email: changes.emailSealed !== undefined ? changes.emailSealed !== null : current.emailSealed !== null,
      };
      const preferredChannel = resolvePreferredChannel(has, input.preferredChannel, current.preferredChannel);
      if (preferredChannel !== current.preferredChannel) changes.preferredChannel = preferredChannel;

      try {
        const write = () => this.members.update(workspaceId, id, changes);
        // A rename checks and writes under the name's lock too: FerretDB's updates do not report unique violations cleanly.
        const updated = changes.username === undefined
          ? await write()
          : await this.withUsername(workspaceId, changes.username, async () => {
              const holder = await this.members.findByUsername(workspaceId, usernameKey(changes.username!));
              if (holder && holder._id !== id) throw usernameTaken();
              return write();
            });
        return { updated, changes };
      } catch (err) {
        if (isDuplicateKeyError(err)) throw usernameTaken();
        throw err;
      }
    });
    if (!updated) throw Errors.notFound('member');
    // Field names only: the values are secrets (password) or personal data.
    const changed = [...new Set(Object.keys(changes).map(publicFieldName))].sort();
    if (changed.length > 0) await this.audit.record(workspaceId, AuditEventType.MemberUpdated, actor, { kind: 'member', id }, { changed });
    return this.toView(updated);
  }

  async remove(workspaceId: string, id: string, actor: AuditActor): Promise<void> {
    const member = await this.withMember(id, async () => {
      const found = await this.require(workspaceId, id);
      if (!(await this.members.delete(workspaceId, id))) throw Errors.notFound('member');
      return found;
    });
    await this.audit.record(workspaceId, AuditEventType.MemberDeleted, actor, { kind: 'member', id }, { username: member.username });
  }

  /** For log-in: the stored member by username, case-insensitively. */
  findByUsername(workspaceId: string, username: string): Promise<Member | null> {
    return this.members.findByUsername(workspaceId, usernameKey(username));
  }

  findById(workspaceId: string, id: string): Promise<Member | null> {
    return this.members.findById(workspaceId, id);
  }

  destinations(member: Member): MemberDestinations {
    return {
      ...(member.phoneSealed ? { sms: this.cipher.open(member.phoneSealed) } : {}),
      ...(member.emailSealed ? { email: this.cipher.open(member.emailSealed) } : {}),
    };
  }

  /** Keyed (DATA_KEY) hash: groups values in logs and look-ups without storing them. */
  fingerprint(value: string): string {
    return this.cipher.keyedHash(value);
  }

  /** The only shape a member leaves the API in: no password hash, destinations masked. */
  toView(member: Member): MemberDto {
    const { sms, email } = this.destinations(member);
    return {
      id: member._id,
      username: member.username,
      displayName: member.displayName ?? null,
      phone: sms === undefined ? null : maskPhone(sms),
      email: email === undefined ? null : maskEmail(email),
      preferredChannel: member.preferredChannel ?? null,
      channels: [...(sms === undefined ? [] : ['sms' as const]), ...(email === undefined ? [] : ['email' as const])],
      createdAt: new Date(member.createdAt).toISOString(),
      updatedAt: new Date(member.updatedAt).toISOString(),
    };
  }

  /** One writer of a member document at a time (see DocumentLocks); a lock that stays busy answers member_busy, not a 500. */
  private async withMember<T>(id: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.locks.run('member', id, work);
    } catch (err) {
      if (err instanceof LockTimeoutError) throw new DomainError(409, 'member_busy', 'Another change to this member is in progress: retry');
      throw err;
    }
  }

  /** Serialises creating and renaming to one username in a workspace (all API copies, through Redis). */
  private async withUsername<T>(workspaceId: string, username: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.config.queuePrefix}:lock:username:${sha256Hex(`${workspaceId}\u0000${usernameKey(username)}`)}`;
    try {
      return await this.usernameLocks.withLock(key, work, { ttlMs: 5000, waitMs: 5000 });
    } catch (err) {
      if (err instanceof LockTimeoutError) throw new DomainError(409, 'member_busy', 'Another change to this username is in progress: retry');
      throw err;
    }
  }

  private async require(workspaceId: string, id: string): Promise<Member> {
    const member = await this.members.findById(workspaceId, id);
    if (!member) throw Errors.notFound('member');
    return member;
  }

  private sealPhone(raw: string, country?: string): { sealed: string; hash: string } {
    const phone = normalizePhone(raw, country);
    if (!phone) throw invalidField('phone', 'phone must be a valid number in E.164 (+14155550123) or a national format with `country`');
    return { sealed: this.cipher.seal(phone.e164), hash: this.cipher.keyedHash(phone.e164) };
  }

  private sealEmail(raw: string): { sealed: string; hash: string } {
    const email = normalizeEmail(raw);
    if (!email) throw invalidField('email', 'email must be a valid address');
    return { sealed: this.cipher.seal(email), hash: this.cipher.keyedHash(email) };
  }
}

/** Usernames compare case-insensitively (and Unicode-normalised, should the pattern ever widen). */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

function publicFieldName(storedField: string): string {
  const names: Record<string, string> = { usernameLower: 'username', passwordHash: 'password', phoneSealed: 'phone', phoneHash: 'phone', emailSealed: 'email', emailHash: 'email' };
  return names[storedField] ?? storedField;
}
