import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthContext, AuthRequirement } from './auth-context';
import { ROUTE_ACCESS_METADATA } from '@app/health';
import { Errors } from '../domain-error';

export const AUTH_REQUIREMENT = ROUTE_ACCESS_METADATA;

/** Without a decorator a route needs a workspace API key of any role. */
export const Public = () => SetMetadata(AUTH_REQUIREMENT, 'public' satisfies AuthRequirement);
export const OperatorOnly = () => SetMetadata(AUTH_REQUIREMENT, 'operator' satisfies AuthRequirement);
export const AdminOnly = () => SetMetadata(AUTH_REQUIREMENT, 'admin' satisfies AuthRequirement);
export const MemberOnly = () => SetMetadata(AUTH_REQUIREMENT, 'member' satisfies AuthRequirement);

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<FastifyRequest>().auth;
  if (!auth) throw Errors.unauthorized();
  return auth;
});

/** The workspace of an API key or member token: what every repository call is scoped by. */
export const WorkspaceId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const auth = ctx.switchToHttp().getRequest<FastifyRequest>().auth;
  if (!auth || auth.kind === 'operator') throw Errors.unauthorized();
  return auth.workspaceId;
});

export function actorOf(auth: AuthContext): { kind: 'api_key' | 'member' | 'operator'; id: string } {
  if (auth.kind === 'api_key') return { kind: 'api_key', id: auth.keyId };
  if (auth.kind === 'member') return { kind: 'member', id: auth.memberId };
  return { kind: 'operator', id: 'operator' };
}
