import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ShareJob } from '@app/contracts';

// Delivery rules land with the challenges and shares features.
@Injectable()
export class ShareDeliveryService {
  private readonly logger = new Logger(ShareDeliveryService.name);

  async deliver(job: Job<ShareJob>): Promise<void> {
    this.logger.warn({ msg: 'delivery not implemented yet', jobId: job.id });
  }
}
