import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditEventType, type AuditActor } from '@app/contracts';
import { WorkspacesRepository, type WorkspaceSettings } from '@app/database';
import { AuditPublisher, DocumentLocks, REDIS, createRedis } from '@app/queue';
import { LockTimeoutError } from '@app/security';
import { DomainError, Errors } from '../common/domain-error';
import { defaultSettings, diffSettings, mergeSettings, settingsProblems, settingsSchema } from './settings.schema';

const CACHE_MS = 5000;

/**
 * Settings are read on every challenge and login, so each API copy caches them briefly; a change is
 * published on Redis and every copy drops its entry at once.
 */
@Injectable()
export class SettingsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SettingsService.name);
  private readonly cache = new Map<string, { settings: WorkspaceSettings; version: number; until: number }>();
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly audit: AuditPublisher,
    private readonly locks: DocumentLocks,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = `${config.queuePrefix}:settings-changed`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config.redis.url, 'bullmq');
    this.subscriber.on('message', (_channel, workspaceId: string) => this.cache.delete(workspaceId));
    // A reconnect may have missed messages: forget everything rather than serve stale settings.
    this.subscriber.on('ready', () => this.cache.clear());
    await this.subscriber.subscribe(this.channel);
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
  }

  async get(workspaceId: string): Promise<WorkspaceSettings> {
    return (await this.load(workspaceId)).settings;
  }

  private async load(workspaceId: string): Promise<{ settings: WorkspaceSettings; version: number }> {
    const hit = this.cache.get(workspaceId);
    if (hit && hit.until > Date.now()) return hit;
    const ws = await this.workspaces.findById(workspaceId);
    if (!ws) throw Errors.notFound('workspace');
    // Documents written before a setting existed get its default.
    const settings = mergeSettings(defaultSettings(), ws.settings) as WorkspaceSettings;
    const entry = { settings, version: ws.settingsVersion, until: Date.now() + CACHE_MS };
    this.cache.set(workspaceId, entry);
    return entry;
  }

  async update(workspaceId: string, patch: unknown, actor: AuditActor): Promise<WorkspaceSettings> {
    // Read, merge and write under the workspace's lock, so concurrent changes to different settings all land
    // (FerretDB writes the whole document back). The version check stays as the second guard.
    const result = await this.locks
      .run('workspace', workspaceId, async () => {
        this.cache.delete(workspaceId);
        const { settings: before, version } = await this.load(workspaceId);
        const parsed = settingsSchema.safeParse(mergeSettings(before, patch));
        if (!parsed.success) {
          throw Errors.validation(settingsProblems(parsed.error.issues), 'The settings are not valid');
        }
        const after = parsed.data as WorkspaceSettings;
        const changes = diffSettings(before, after);
        if (changes.length === 0) return { after: before, changes };
        if (!(await this.workspaces.replaceSettings(workspaceId, version, after))) throw settingsConflict();
        this.cache.delete(workspaceId);
        return { after, changes };
      })
      .catch((err: unknown) => {
        throw err instanceof LockTimeoutError ? settingsConflict() : err;
      });
    if (result.changes.length === 0) return result.after;
    await this.redis.publish(this.channel, workspaceId).catch((err: Error) => this.logger.warn({ msg: 'settings change not broadcast', err: err.message }));
    await this.audit.record(workspaceId, AuditEventType.SettingsChanged, actor, { kind: 'workspace', id: workspaceId }, { changes: result.changes });
    return result.after;
  }
}

const settingsConflict = () => new DomainError(409, 'settings_conflict', 'The settings changed while this update was being applied: read them again and retry');
