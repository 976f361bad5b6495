import { Inject, OnModuleInit } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, QueueName, type ChallengeJob, type ShareJob, type VerifyJob } from '@app/contracts';
import { runWithRequestId } from '@app/observability';
import { assertHandlersCover, dispatchJob } from '@app/queue';
import { ChallengeDeliveryService } from '../services/challenge-delivery.service';
import { ShareDeliveryService } from '../services/share-delivery.service';
import { ViewRecorderService } from '../services/view-recorder.service';

/** Thin: each job of the deliveries queue goes to the service that owns its rules. */
@Processor(QueueName.Deliveries)
export class DeliveriesProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers = {
    [JobName.Challenge]: (job: Job<ChallengeJob>) => this.challenges.deliver(job),
    [JobName.Share]: (job: Job<ShareJob>) => this.shares.deliver(job),
    [JobName.Verify]: (job: Job<VerifyJob>) => this.views.record(job.data),
  };

  constructor(
    private readonly challenges: ChallengeDeliveryService,
    private readonly shares: ShareDeliveryService,
    private readonly views: ViewRecorderService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    assertHandlersCover(QueueName.Deliveries, this.handlers);
    this.worker.concurrency = this.config.delivery.concurrency;
  }

  process(job: Job): Promise<unknown> {
    return runWithRequestId((job.data as { requestId?: string }).requestId, () => dispatchJob(QueueName.Deliveries, this.handlers, job));
  }
}
