import { Injectable, Logger } from '@nestjs/common';

/** Placeholder until retention lands: purging is a no-op, so nothing is ever lost. */
@Injectable()
export class AuditRetentionService {
  private readonly logger = new Logger(AuditRetentionService.name);

  async purge(): Promise<{ purged: number }> {
    return { purged: 0 };
  }
}
