import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditEventRecord, AuditEventRecordSchema } from './audit-event.schema';
import { AuditEventsRepository } from './audit-events.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: AuditEventRecord.name, schema: AuditEventRecordSchema }])],
  providers: [AuditEventsRepository],
  exports: [AuditEventsRepository],
})
export class AuditDataModule {}
