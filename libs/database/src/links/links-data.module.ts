import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Link, LinkSchema, LinkView, LinkViewNotice, LinkViewNoticeSchema, LinkViewSchema, LinkViewSlot, LinkViewSlotSchema } from './link.schema';
import { LinkViewsRepository } from './link-views.repository';
import { LinksRepository } from './links.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Link.name, schema: LinkSchema },
      { name: LinkViewSlot.name, schema: LinkViewSlotSchema },
      { name: LinkView.name, schema: LinkViewSchema },
      { name: LinkViewNotice.name, schema: LinkViewNoticeSchema },
    ]),
  ],
  providers: [LinksRepository, LinkViewsRepository],
  exports: [LinksRepository, LinkViewsRepository],
})
export class LinksDataModule {}
