import { Module } from '@nestjs/common';
import { MembersDataModule } from '@app/database';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  imports: [MembersDataModule],
  controllers: [MembersController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
