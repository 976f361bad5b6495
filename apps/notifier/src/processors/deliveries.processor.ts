import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, QueueName, type ChallengeJob, type ChallengePurgeJob, type ShareJob, type VerifyJob } from '@app/contracts';
import { runWithRequestId } from '@app/observability';
import { JobProducer, assertHandlersCover, dispatchJob } from '@app/queue';
import { ChallengeDeliveryService } from '../services/challenge-delivery.service';
import { ChallengeRetentionService } from '../services/challenge-retention.service';
import { ShareDeliveryService } from '../services/share-delivery.service';
import { ViewRecorderService } from '../services/view-recorder.service';

/** Thin: each job of the deliveries queue goes to the service that owns its rules. */
@Processor(QueueName.Deliveries)
export class DeliveriesProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers = {
    [JobName.Challenge]: (job: Job<ChallengeJob>) => this.challenges.deliver(job),
    [JobName.Share]: (job: Job<ShareJob>) => this.shares.deliver(job),
    [JobName.Verify]: (job: Job<VerifyJob>) => this.views.record(job),
    [JobName.ChallengePurge]: (job: Job<ChallengePurgeJob>) => this.retention.purge(job.data),
  };

  constructor(
    private readonly challenges: ChallengeDeliveryService,
    private readonly shares: ShareDeliveryService,
    private readonly views: ViewRecorderService,
    private readonly retention: ChallengeRetentionService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    assertHandlersCover(QueueName.Deliveries, this.handlers);
    this.worker.concurrency = this.config.delivery.concurrency;
    // Kept in Redis, so the provider sees one rate however many notifier copies run.
    void this.producer
      .queue(QueueName.Deliveries)
      .setGlobalRateLimit(this.config.delivery.ratePerSecond, 1000)
      .catch((err: Error) => new Logger(DeliveriesProcessor.name).error({ msg: 'delivery rate limit not set', err: err.message }));
  }

  process(job: Job): Promise<unknown> {
    return runWithRequestId((job.data as { requestId?: string }).requestId, () => dispatchJob(QueueName.Deliveries, this.handlers, job));
  }
}
