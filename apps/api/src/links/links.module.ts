import { Module } from '@nestjs/common';
import { LinksDataModule } from '@app/database';
import { SettingsModule } from '../settings/settings.module';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';

@Module({
  imports: [LinksDataModule, SettingsModule],
  controllers: [LinksController],
  providers: [LinksService],
  exports: [LinksService, LinksDataModule],
})
export class LinksModule {}
