import { Injectable } from '@nestjs/common';
import { AuditEventType, type AuditActor } from '@app/contracts';
import { ChallengesRepository, type Member, type MemberChannel } from '@app/database';
import { MetricsService } from '@app/observability';
import { AuditPublisher } from '@app/queue';
import { burnPasswordCheck, verifyPassword } from '@app/security';
import { AccessTokensService } from '../common/auth/access-tokens.service';
import { DomainError, Errors } from '../common/domain-error';
import { ChallengesService } from '../challenges/challenges.service';
import { MembersService, usernameKey, type MemberDestinations } from '../members/members.service';
import { SettingsService } from '../settings/settings.service';
import { LoginThrottle } from './login-throttle';
import type { LoginDto, LoginVerifyDto } from './dto/login.dto';

export type LoginResult =
  | { status: 'authenticated'; accessToken: string; expiresIn: number }
  | { status: 'code_required'; challengeId: string; channel: MemberChannel; to: string; expiresAt: string };

/** Audit context of a login that did not come through /v1/auth: the private link whose viewer page signed in. */
export type LoginVia = { linkId?: string };

/** One answer for a wrong password and an unknown user, so the two cannot be told apart. */
const invalidCredentials = () => new DomainError(401, 'invalid_credentials', 'The username or password is not right');

/**
 * The channel a login code goes to: the one asked for if the workspace allows it and the member has it,
 * else the member's preferred one (if allowed), else any allowed one the member has.
 */
export function chooseLoginChannel(allowed: readonly MemberChannel[], has: MemberDestinations, preferred: MemberChannel | null, requested?: MemberChannel): MemberChannel | null {
  const usable = (c: MemberChannel | null | undefined): c is MemberChannel => !!c && allowed.includes(c) && has[c] !== undefined;
  if (usable(requested)) return requested;
  if (usable(preferred)) return preferred;
  return (['sms', 'email'] as const).find(usable) ?? null;
}

/** RFC 8176 methods: the password, plus the code's channel (sms, or otp for email) and mfa. */
export function amrFor(codeChannel?: MemberChannel): string[] {
  if (!codeChannel) return ['pwd'];
  return ['pwd', codeChannel === 'sms' ? 'sms' : 'otp', 'mfa'];
}

@Injectable()
export class LoginService {
  constructor(
    private readonly members: MembersService,
    private readonly settings: SettingsService,
    private readonly challenges: ChallengesService,
    private readonly challengeRecords: ChallengesRepository,
    private readonly tokens: AccessTokensService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditPublisher,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * The one password login, for any entry point: a workspace key's backend (/v1/auth/login) or a private link's
   * viewer page (/v1/view/:token/login, where `via` names the link for the audit).
   */
  async login(workspaceId: string, input: LoginDto, ip: string, actor: AuditActor, via: LoginVia = {}): Promise<LoginResult> {
    const key = usernameKey(input.username);
    try {
      await this.throttle.take(workspaceId, key, ip);
    } catch (err) {
      if (err instanceof DomainError) {
        this.metrics.login('rate_limited');
        await this.audit.record(workspaceId, AuditEventType.LoginFailed, actor, this.attemptedSubject(key), { reason: 'rate_limited', ...via });
      }
      throw err;
    }

    const member = await this.members.findByUsername(workspaceId, input.username);
    if (!member) {
      // Same scrypt work as a real check, so the answer takes as long as for a wrong password.
      await burnPasswordCheck(input.password);
      this.metrics.login('invalid_credentials');
      await this.audit.record(workspaceId, AuditEventType.LoginFailed, actor, this.attemptedSubject(key), { reason: 'unknown_user', ...via });
      throw invalidCredentials();
    }
    if (!(await verifyPassword(input.password, member.passwordHash))) {
      this.metrics.login('invalid_credentials');
      await this.audit.record(workspaceId, AuditEventType.LoginFailed, actor, memberSubject(member), { reason: 'bad_password', ...via });
      throw invalidCredentials();
    }
    await this.throttle.succeeded(workspaceId, key, ip);

    const settings = await this.settings.get(workspaceId);
    if (!settings.authentication.codeRequired) return this.authenticated(workspaceId, member, actor, amrFor(), via);

    const has = this.members.destinations(member);
    const channel = chooseLoginChannel(settings.authentication.channels, has, member.preferredChannel, input.channel);
    if (!channel) {
      this.metrics.login('no_mfa_destination');
      await this.audit.record(workspaceId, AuditEventType.LoginFailed, actor, memberSubject(member), { reason: 'no_mfa_destination', ...via });
      throw new DomainError(409, 'no_mfa_destination', 'A code is required to log in, but the member has no phone or email on a channel this workspace allows: an admin must add one');
    }
    const emailAllowed = settings.authentication.channels.includes('email');
    const challenge = await this.challenges.start(
      workspaceId,
      {
        channel,
        to: has[channel]!,
        locale: input.locale,
        purpose: 'login',
        subjectId: member._id,
        ...(channel === 'sms' && emailAllowed && has.email ? { fallbackEmail: has.email } : {}),
      },
      actor,
    );
    this.metrics.login('code_required');
    await this.audit.record(workspaceId, AuditEventType.LoginCodeRequired, actor, memberSubject(member), { challengeId: challenge.id, channel: challenge.channel, to: challenge.to, ...via });
    return { status: 'code_required', challengeId: challenge.id, channel: challenge.channel, to: challenge.to, expiresAt: challenge.expiresAt };
  }

  /** Completes a login whose password was right: only a login challenge, and only for the member it was made for. */
  async verify(workspaceId: string, input: LoginVerifyDto, actor: AuditActor, via: LoginVia = {}): Promise<LoginResult> {
    const record = await this.challengeRecords.findById(workspaceId, input.challengeId);
    if (!record || record.purpose !== 'login' || !record.subjectId) throw Errors.notFound('challenge');
    const approved = await this.challenges.verify(workspaceId, input.challengeId, input.code, { purpose: 'login', subjectId: record.subjectId });
    const member = await this.members.findById(workspaceId, record.subjectId);
    // Deleted between password and code.
    if (!member) throw invalidCredentials();
    return this.authenticated(workspaceId, member, actor, amrFor(approved.channel), { challengeId: input.challengeId, ...via });
  }

  /** Whatever was typed as a username is not stored (it may be a password); a keyed hash still groups repeated attempts. */
  private attemptedSubject(key: string) {
    return { kind: 'username', id: this.members.fingerprint(key).slice(0, 24) };
  }

  private async authenticated(workspaceId: string, member: Member, actor: AuditActor, amr: string[], extra: LoginVia & { challengeId?: string }): Promise<LoginResult> {
    const { accessToken, expiresIn } = this.tokens.issueMemberToken({ sub: member._id, ws: workspaceId, amr });
    this.metrics.login('authenticated');
    await this.audit.record(workspaceId, AuditEventType.LoginSucceeded, actor, memberSubject(member), { amr, ...extra });
    return { status: 'authenticated', accessToken, expiresIn };
  }
}

function memberSubject(member: Member) {
  return { kind: 'member', id: member._id };
}

