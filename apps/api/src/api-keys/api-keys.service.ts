import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditEventType, type AuditActor } from '@app/contracts';
import { ApiKeysRepository, type ApiKey, type ApiKeyRole } from '@app/database';
import { AuditPublisher } from '@app/queue';
import { apiKeyToken, sha256Hex } from '@app/security';
import { Errors } from '../common/domain-error';

export function toApiKeyView(key: ApiKey) {
  return {
    id: key._id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdAt: new Date(key.createdAt).toISOString(),
    revokedAt: key.revokedAt ? new Date(key.revokedAt).toISOString() : null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditPublisher,
  ) {}

  /** The plaintext key leaves here once; only its SHA-256 is stored. */
  async create(workspaceId: string, name: string, role: ApiKeyRole, actor: AuditActor) {
    const { key, prefix } = apiKeyToken();
    const stored = await this.keys.create(workspaceId, { id: `key_${randomUUID()}`, name, role, keyHash: sha256Hex(key), prefix });
    await this.audit.record(workspaceId, AuditEventType.ApiKeyCreated, actor, { kind: 'api_key', id: stored._id }, { name, role, prefix });
    return { ...toApiKeyView(stored), key };
  }

  async list(workspaceId: string) {
    return (await this.keys.list(workspaceId)).map(toApiKeyView);
  }

  async revoke(workspaceId: string, id: string, actor: AuditActor): Promise<void> {
    if (!(await this.keys.revoke(workspaceId, id))) throw Errors.notFound('api_key');
    await this.audit.record(workspaceId, AuditEventType.ApiKeyRevoked, actor, { kind: 'api_key', id });
  }
}
