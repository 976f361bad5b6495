import { Module } from '@nestjs/common';
import { SharesDataModule } from '@app/database';
import { LinksModule } from '../links/links.module';
import { SettingsModule } from '../settings/settings.module';
import { SharesController } from './shares.controller';
import { SharesService } from './shares.service';

@Module({
  imports: [SharesDataModule, LinksModule, SettingsModule],
  controllers: [SharesController],
  providers: [SharesService],
  exports: [SharesService],
})
export class SharesModule {}
