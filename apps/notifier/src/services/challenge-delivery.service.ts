import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ChallengeJob } from '@app/contracts';

// Delivery rules land with the challenges and shares features.
@Injectable()
export class ChallengeDeliveryService {
  private readonly logger = new Logger(ChallengeDeliveryService.name);

  async deliver(job: Job<ChallengeJob>): Promise<void> {
    this.logger.warn({ msg: 'delivery not implemented yet', jobId: job.id });
  }
}
