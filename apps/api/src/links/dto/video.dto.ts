import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, Length, MaxLength } from 'class-validator';

/** The video being shared: its id and title in the sharer's system, and the URL it plays from (http/https only). */
export class VideoDto {
  @ApiProperty({ example: 'vid_123' }) @IsString() @Length(1, 200) id!: string;
  @ApiProperty({ example: 'Kitchen walkthrough' }) @IsString() @Length(1, 300) title!: string;
  @ApiProperty({ example: 'https://cdn.example.com/v/123.mp4', description: 'http or https; never shown to a viewer before access is granted' })
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true })
  url!: string;
}
