import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditAnchorRecord, AuditAnchorRecordSchema } from './audit-anchor.schema';
import { AuditAnchorsRepository } from './audit-anchors.repository';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventRecord, AuditEventRecordSchema } from './audit-event.schema';
import { AuditEventsRepository } from './audit-events.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AuditEventRecord.name, schema: AuditEventRecordSchema },
      { name: AuditAnchorRecord.name, schema: AuditAnchorRecordSchema },
    ]),
  ],
  providers: [AuditEventsRepository, AuditAnchorsRepository, AuditChainVerifier],
  exports: [AuditEventsRepository, AuditAnchorsRepository, AuditChainVerifier],
})
export class AuditDataModule {}
