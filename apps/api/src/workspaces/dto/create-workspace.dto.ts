import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CreatedApiKeyDto } from '../../api-keys/dto/create-api-key.dto';

export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Acme field service' }) @IsString() @Length(1, 200) name!: string;
}

export class CreatedWorkspaceDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: CreatedApiKeyDto, description: 'The first admin key, shown once' }) apiKey!: CreatedApiKeyDto;
}
