import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Share, ShareRecipient, ShareRecipientSchema, ShareSchema } from './share.schema';
import { SharesRepository } from './shares.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Share.name, schema: ShareSchema },
      { name: ShareRecipient.name, schema: ShareRecipientSchema },
    ]),
  ],
  providers: [SharesRepository],
  exports: [SharesRepository],
})
export class SharesDataModule {}
