import { Module } from '@nestjs/common';
import { AuditDataModule } from '@app/database';
import { AuditEventsController } from './audit-events.controller';
import { AuditTrailService } from './audit-trail.service';

/** GET /v1/audit-events and /verify. (apps/audit's AuditModule writes the chain; this one reads it.) */
@Module({
  imports: [AuditDataModule],
  controllers: [AuditEventsController],
  providers: [AuditTrailService],
})
export class AuditTrailModule {}
