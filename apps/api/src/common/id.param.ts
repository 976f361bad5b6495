import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** Ids are ours (prefix_uuid); anything else is a 400, never a database query. */
export const ID_PATTERN = /^[a-z]{2,4}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class IdParam {
  @ApiProperty({ example: 'chl_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' })
  @Matches(ID_PATTERN, { message: 'id must be an id this API issued' })
  id!: string;
}
