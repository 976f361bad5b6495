import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Logger, Module, type INestApplication } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { discoverWorkers } from './metrics/worker-observer';

/**
 * SIGTERM/SIGINT: app.close() runs every Nest shutdown hook (workers drain, Fastify finishes requests in
 * flight and closes idle connections, Mongo and Redis close), then the process exits 0. Nest's own
 * enableShutdownHooks re-raises the signal instead (exit 143), which orchestrators read as a crash.
 * A guard exits 1 if closing takes longer than SHUTDOWN_TIMEOUT_MS plus a margin: jobs still held then
 * are picked up again by another worker once their lock expires (BullMQ stalled-job check).
 */
export function installGracefulShutdown(app: INestApplication, config: AppConfig): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const logger = new Logger('Shutdown');
    logger.log({ msg: `${signal} received: draining`, timeoutMs: config.shutdownTimeoutMs });
    const guard = setTimeout(() => {
      logger.error({ msg: 'shutdown timed out: exiting with jobs or requests still open', timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs + 2000);
    guard.unref();
    app.close().then(
      () => {
        logger.log({ msg: 'shutdown complete' });
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ msg: 'shutdown failed', err: (err as Error)?.message });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/**
 * Stops the workers before anything else shuts down (Mongo, Redis clients close in later hooks): no new
 * jobs are taken and the jobs in hand finish, for at most SHUTDOWN_TIMEOUT_MS.
 */
@Injectable()
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const workers = discoverWorkers(this.discovery);
    let timer: NodeJS.Timeout | undefined;
    const started = Date.now();
    const drained = await Promise.race([
      Promise.all(workers.map((w) => w.close())).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.config.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (drained) this.logger.log({ msg: 'workers drained', workers: workers.map((w) => w.name), durationMs: Date.now() - started });
    else this.logger.warn({ msg: 'workers still busy after the shutdown timeout', timeoutMs: this.config.shutdownTimeoutMs });
  }
}

@Module({})
export class WorkerShutdownModule {
  static forRoot(): DynamicModule {
    return { module: WorkerShutdownModule, imports: [DiscoveryModule], providers: [WorkerDrain] };
  }
}
