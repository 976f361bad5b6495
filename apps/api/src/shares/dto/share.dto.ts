import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { VideoDto } from '../../links/dto/video.dto';
import { LinkViewItemDto } from '../../links/dto/link.dto';

export const MAX_SHARE_RECIPIENTS = 50;

/** Exactly one of phone or email (checked by the service so the error names the entry). */
export class ShareRecipientInputDto {
  @ApiPropertyOptional({ example: '+14155550123' }) @IsOptional() @IsString() @Length(1, 64) phone?: string;
  @ApiPropertyOptional({ example: 'US', description: 'Country hint for a national phone format' }) @IsOptional() @IsString() @Length(2, 2) country?: string;
  @ApiPropertyOptional({ example: 'jane@example.com' }) @IsOptional() @IsString() @Length(3, 254) email?: string;
}

export class CreateShareDto {
  @ApiProperty({ type: VideoDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => VideoDto) video!: VideoDto;
  @ApiProperty({ type: [ShareRecipientInputDto], minItems: 1, maxItems: MAX_SHARE_RECIPIENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SHARE_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => ShareRecipientInputDto)
  recipients!: ShareRecipientInputDto[];
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @Length(1, 1000) message?: string;
  @ApiPropertyOptional({ example: 'en', description: 'en (default) or es' }) @IsOptional() @IsString() @Matches(/^[a-zA-Z]{2}([-_][a-zA-Z0-9]{2,8})?$/) locale?: string;
  @ApiPropertyOptional({
    example: 'sharer@example.com',
    description: "The sharer's email: told once per recipient when a recipient who entered a code opens the video, if settings.sessionSharing.notifySharerOnView is on. Stored sealed, shown masked",
  })
  @IsOptional()
  @IsString()
  @Length(3, 254)
  notifyEmail?: string;
}

export class ShareLinkRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Personal link; shown once, the token in it is stored only as a hash' }) url!: string;
}

export class CreatedShareRecipientDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty({ example: '+1•••••0123' }) to!: string;
  @ApiProperty({ type: ShareLinkRefDto }) link!: ShareLinkRefDto;
  @ApiProperty({ description: 'Require Authentication was on: opening the link needs a code sent to this recipient' }) requiresCode!: boolean;
}

export class CreatedShareDto {
  @ApiProperty({ example: 'shr_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' }) id!: string;
  @ApiProperty() requiresCode!: boolean;
  @ApiPropertyOptional({ description: 'Masked notifyEmail, when one was given', example: 's•••@example.com' }) notifyEmail?: string;
  @ApiProperty({ type: [CreatedShareRecipientDto] }) recipients!: CreatedShareRecipientDto[];
}

export class ShareDeliveryDto {
  @ApiProperty({ enum: ['queued', 'sent', 'delivered', 'undelivered', 'failed', 'undeliverable'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional() sentAt?: string;
}

export class ShareRecipientStatusDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty() to!: string;
  @ApiProperty() link!: { id: string; status: string };
  @ApiProperty() requiresCode!: boolean;
  @ApiProperty({ type: ShareDeliveryDto }) delivery!: ShareDeliveryDto;
  @ApiProperty({ type: [LinkViewItemDto] }) views!: LinkViewItemDto[];
}

export class ShareDto {
  @ApiProperty() id!: string;
  @ApiProperty() video!: { id: string; title: string };
  @ApiProperty() requiresCode!: boolean;
  @ApiPropertyOptional({ description: 'Masked notifyEmail, when one was given', example: 's•••@example.com' }) notifyEmail?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [ShareRecipientStatusDto] }) recipients!: ShareRecipientStatusDto[];
}
