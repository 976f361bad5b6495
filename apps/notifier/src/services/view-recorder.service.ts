import { Injectable, Logger } from '@nestjs/common';
import type { VerifyJob } from '@app/contracts';

// View bookkeeping lands with the links feature.
@Injectable()
export class ViewRecorderService {
  private readonly logger = new Logger(ViewRecorderService.name);

  async record(job: VerifyJob): Promise<void> {
    this.logger.warn({ msg: 'view recording not implemented yet', viewId: job.viewId });
  }
}
