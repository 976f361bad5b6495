import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditAnchorRecord, AuditAnchorRecordSchema } from './audit-anchor.schema';
import { AuditAnchorsRepository } from './audit-anchors.repository';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventRecord, AuditEventRecordSchema } from './audit-event.schema';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditHeadRecord, AuditHeadRecordSchema } from './audit-head.schema';
import { AuditHeadsRepository } from './audit-heads.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AuditEventRecord.name, schema: AuditEventRecordSchema },
      { name: AuditAnchorRecord.name, schema: AuditAnchorRecordSchema },
      { name: AuditHeadRecord.name, schema: AuditHeadRecordSchema },
    ]),
  ],
  providers: [AuditEventsRepository, AuditAnchorsRepository, AuditHeadsRepository, AuditChainVerifier],
  exports: [AuditEventsRepository, AuditAnchorsRepository, AuditHeadsRepository, AuditChainVerifier],
})
export class AuditDataModule {}
