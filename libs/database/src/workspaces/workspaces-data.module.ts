import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Workspace, WorkspaceSchema } from './workspace.schema';
import { WorkspacesRepository } from './workspaces.repository';
import { ApiKey, ApiKeySchema } from '../api-keys/api-key.schema';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: Workspace.name, schema: WorkspaceSchema }, { name: ApiKey.name, schema: ApiKeySchema }])],
  providers: [WorkspacesRepository, ApiKeysRepository],
  exports: [WorkspacesRepository, ApiKeysRepository],
})
export class WorkspacesDataModule {}
