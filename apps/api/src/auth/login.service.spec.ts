import type { ChallengesRepository, Member, WorkspaceSettings } from '@app/database';
import { MetricsService } from '@app/observability';
import type { AuditPublisher } from '@app/queue';
import { hashPassword } from '@app/security';
import type { AccessTokensService } from '../common/auth/access-tokens.service';
import type { ChallengesService } from '../challenges/challenges.service';
import type { MembersService } from '../members/members.service';
import type { SettingsService } from '../settings/settings.service';
import { defaultSettings } from '../settings/settings.schema';
import type { LoginThrottle } from './login-throttle';
import { LoginService, amrFor, chooseLoginChannel } from './login.service';

const actor = { kind: 'api_key' as const, id: 'key_1' };
const PASSWORD = 'a long enough password';

describe('chooseLoginChannel', () => {
  const both = { sms: '+14155550123', email: 'a@example.com' };
  it('takes the requested channel when allowed and present, else the preferred, else any usable one', () => {
    expect(chooseLoginChannel(['sms', 'email'], both, 'sms', 'email')).toBe('email');
    expect(chooseLoginChannel(['sms'], both, 'email', 'email')).toBe('sms');
    expect(chooseLoginChannel(['sms', 'email'], { email: 'a@example.com' }, 'email', 'sms')).toBe('email');
    expect(chooseLoginChannel(['email'], { sms: '+14155550123' }, 'sms')).toBeNull();
  });
  it('records RFC 8176 methods', () => {
    expect(amrFor()).toEqual(['pwd']);
    expect(amrFor('sms')).toEqual(['pwd', 'sms', 'mfa']);
    expect(amrFor('email')).toEqual(['pwd', 'otp', 'mfa']);
  });
});

describe('LoginService', () => {
  let member: Member;
  beforeAll(async () => {
    member = {
      _id: 'mem_1', workspaceId: 'ws_1', username: 'ann', usernameLower: 'ann', passwordHash: await hashPassword(PASSWORD), displayName: null,
      phoneSealed: 'sealed', phoneHash: 'h', emailSealed: 'sealed', emailHash: 'h', preferredChannel: 'sms', createdAt: new Date(), updatedAt: new Date(),
    };
  });

  function build(settings: WorkspaceSettings, found: Member | null = member) {
    const members = {
      findByUsername: jest.fn().mockResolvedValue(found),
      findById: jest.fn().mockResolvedValue(found),
      destinations: jest.fn().mockReturnValue({ sms: '+14155550123', email: 'ann@example.com' }),
      fingerprint: jest.fn().mockReturnValue('f'.repeat(64)),
    };
    const challenges = {
      start: jest.fn().mockResolvedValue({ id: 'chl_1', status: 'pending', channel: 'sms', to: '+1••••••0123', expiresAt: '2030-01-01T00:00:00.000Z', attemptsRemaining: 5 }),
      verify: jest.fn().mockResolvedValue({ id: 'chl_1', status: 'approved', channel: 'sms', to: '+1••••••0123', expiresAt: '', attemptsRemaining: 5, destinationHash: 'h' }),
    };
    const records = { findById: jest.fn() };
    const tokens = { issueMemberToken: jest.fn().mockReturnValue({ accessToken: 'jwt', expiresIn: 900 }) };
    const throttle = { take: jest.fn().mockResolvedValue(undefined), succeeded: jest.fn().mockResolvedValue(undefined) };
    const audit = { record: jest.fn().mockResolvedValue('evt') };
    const metrics = new MetricsService();
    const service = new LoginService(
      members as unknown as MembersService,
      { get: jest.fn().mockResolvedValue(settings) } as unknown as SettingsService,
      challenges as unknown as ChallengesService,
      records as unknown as ChallengesRepository,
      tokens as unknown as AccessTokensService,
      throttle as unknown as LoginThrottle,
      audit as unknown as AuditPublisher,
      metrics,
    );
    return { service, members, challenges, records, tokens, throttle, audit, metrics };
  }

  it('throws the very same error for an unknown user and a wrong password, and keeps the reason for the audit only', async () => {
    const unknown = await build(defaultSettings(), null).service.login('ws_1', { username: 'nobody', password: PASSWORD }, '1.2.3.4', actor).catch((e) => e);
    const wrongCtx = build(defaultSettings());
    const wrong = await wrongCtx.service.login('ws_1', { username: 'ann', password: 'not the password' }, '1.2.3.4', actor).catch((e) => e);
    expect([unknown.status, unknown.code, unknown.message, unknown.details]).toEqual([wrong.status, wrong.code, wrong.message, wrong.details]);
    expect(await wrongCtx.metrics.registry.getSingleMetricAsString('login_total')).toContain('login_total{outcome="invalid_credentials"} 1');
    expect(unknown).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(wrongCtx.audit.record.mock.calls[0][4]).toEqual({ reason: 'bad_password' });
    expect(wrongCtx.throttle.succeeded).not.toHaveBeenCalled();
  });

  it('with codeRequired off issues a pwd token and clears the password counter', async () => {
    const ctx = build(defaultSettings());
    const res = await ctx.service.login('ws_1', { username: 'ANN', password: PASSWORD }, '1.2.3.4', actor);
    expect(res).toEqual({ status: 'authenticated', accessToken: 'jwt', expiresIn: 900 });
    expect(ctx.tokens.issueMemberToken).toHaveBeenCalledWith({ sub: 'mem_1', ws: 'ws_1', amr: ['pwd'] });
    expect(ctx.throttle.succeeded).toHaveBeenCalledWith('ws_1', 'ann', '1.2.3.4');
    expect(ctx.challenges.start).not.toHaveBeenCalled();
  });

  it('with codeRequired on starts a login challenge bound to the member; the email fallback only if email is allowed', async () => {
    const on = { ...defaultSettings(), authentication: { codeRequired: true, channels: ['sms', 'email'] as ('sms' | 'email')[] } };
    const ctx = build(on);
    const res = await ctx.service.login('ws_1', { username: 'ann', password: PASSWORD }, '1.2.3.4', actor);
    expect(res).toEqual({ status: 'code_required', challengeId: 'chl_1', channel: 'sms', to: '+1••••••0123', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(ctx.challenges.start).toHaveBeenCalledWith('ws_1', { channel: 'sms', to: '+14155550123', locale: undefined, purpose: 'login', subjectId: 'mem_1', fallbackEmail: 'ann@example.com' }, actor);
    expect(ctx.tokens.issueMemberToken).not.toHaveBeenCalled();

    const smsOnly = build({ ...on, authentication: { codeRequired: true, channels: ['sms'] } });
    await smsOnly.service.login('ws_1', { username: 'ann', password: PASSWORD }, '1.2.3.4', actor);
    expect(smsOnly.challenges.start.mock.calls[0][1]).not.toHaveProperty('fallbackEmail');
  });

  it('verifies only login challenges, for the member they were made for', async () => {
    const ctx = build(defaultSettings());
    ctx.records.findById.mockResolvedValueOnce({ _id: 'chl_1', purpose: 'api', subjectId: null });
    await expect(ctx.service.verify('ws_1', { challengeId: 'chl_1', code: '123456' }, actor)).rejects.toMatchObject({ status: 404, code: 'challenge_not_found' });
    expect(ctx.challenges.verify).not.toHaveBeenCalled();

    ctx.records.findById.mockResolvedValueOnce({ _id: 'chl_1', purpose: 'login', subjectId: 'mem_1' });
    const res = await ctx.service.verify('ws_1', { challengeId: 'chl_1', code: '123456' }, actor);
    expect(ctx.challenges.verify).toHaveBeenCalledWith('ws_1', 'chl_1', '123456', { purpose: 'login', subjectId: 'mem_1' });
    expect(ctx.tokens.issueMemberToken).toHaveBeenCalledWith({ sub: 'mem_1', ws: 'ws_1', amr: ['pwd', 'sms', 'mfa'] });
    expect(res.status).toBe('authenticated');
  });
});
