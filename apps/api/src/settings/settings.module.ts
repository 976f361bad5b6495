import { Module } from '@nestjs/common';
import { WorkspacesDataModule } from '@app/database';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

@Module({
  imports: [WorkspacesDataModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
