import { Module } from '@nestjs/common';
import { WorkspacesDataModule } from '@app/database';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { WorkspacesController } from './workspaces.controller';

@Module({
  imports: [WorkspacesDataModule, ApiKeysModule],
  controllers: [WorkspacesController],
})
export class WorkspacesModule {}
