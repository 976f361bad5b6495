import type { ApiKeyRole } from '@app/database';

export type AuthContext =
  | { kind: 'operator' }
  | { kind: 'api_key'; workspaceId: string; keyId: string; role: ApiKeyRole }
  | { kind: 'member'; workspaceId: string; memberId: string; amr: string[] };

export type AuthRequirement = 'public' | 'operator' | 'admin' | 'api_key' | 'member';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}
