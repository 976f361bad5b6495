import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, QueueName, defaultJobOptions, type ChallengePurgeJob } from '@app/contracts';
import { ChallengesRepository } from '@app/database';
import { JobProducer } from '@app/queue';

const CHALLENGE_PURGE_SCHEDULER = 'challenge-purge';
const PURGE_EVERY_MS = 3600_000;
const HOUR_MS = 3600_000;

/**
 * Expiry is decided in every query (FerretDB has no TTL indexes), so dead challenges would pile up:
 * an hourly job deletes those that expired more than CHALLENGE_RETENTION_HOURS ago, tenant by tenant.
 */
@Injectable()
export class ChallengeRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ChallengeRetentionService.name);

  constructor(
    private readonly challenges: ChallengesRepository,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: start-up must not hang on Redis; every notifier copy upserts the same scheduler.
    void this.producer
      .queue(QueueName.Deliveries)
      .upsertJobScheduler(
        CHALLENGE_PURGE_SCHEDULER,
        { every: PURGE_EVERY_MS },
        { name: JobName.ChallengePurge, data: {} satisfies ChallengePurgeJob, opts: defaultJobOptions(JobName.ChallengePurge, this.config.delivery) },
      )
      .catch((err: Error) => this.logger.error({ msg: 'challenge purge scheduler not created', err: err.message }));
  }

  async purge(job: ChallengePurgeJob = {}): Promise<{ purged: number }> {
    const hours = Number.isInteger(job.olderThanHours) && job.olderThanHours! >= 1 ? job.olderThanHours! : this.config.challengeRetentionHours;
    const cutoff = new Date(Date.now() - hours * HOUR_MS);
    let purged = 0;
    for (const workspaceId of await this.challenges.workspacesWithExpiredBefore(cutoff)) {
      purged += await this.challenges.deleteExpiredBefore(workspaceId, cutoff);
    }
    this.logger.log({ msg: 'expired challenges purged', purged, olderThanHours: hours });
    return { purged };
  }
}
