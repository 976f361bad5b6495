import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { VideoDto } from './video.dto';

export const LINK_TYPE_VALUES = ['private', 'public', 'public_2fa'] as const;
export const MAX_ALLOWED_RECIPIENTS = 100;

/** Exactly one of phone, email or emailDomain (checked by the service so the error names the entry). */
export class RecipientRuleDto {
  @ApiPropertyOptional({ example: '+14155550123' }) @IsOptional() @IsString() @Length(1, 64) phone?: string;
  @ApiPropertyOptional({ example: 'US', description: 'Country hint for a national phone format' }) @IsOptional() @IsString() @Length(2, 2) country?: string;
  @ApiPropertyOptional({ example: 'jane@example.com' }) @IsOptional() @IsString() @Length(3, 254) email?: string;
  @ApiPropertyOptional({ example: 'example.com' }) @IsOptional() @IsString() @Length(3, 253) emailDomain?: string;
}

export class CreateLinkDto {
  @ApiProperty({ type: VideoDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => VideoDto) video!: VideoDto;
  @ApiProperty({ enum: LINK_TYPE_VALUES }) @IsIn(LINK_TYPE_VALUES) type!: (typeof LINK_TYPE_VALUES)[number];
  @ApiPropertyOptional({ description: 'Default: now + settings.shareLinks.defaultExpiryHours; must be in the future and within a year' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 }) @IsOptional() @IsInt() @Min(1) @Max(100000) maxViews?: number;
  @ApiPropertyOptional({ type: [RecipientRuleDto], description: 'public_2fa only: who may ask for a code' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWED_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => RecipientRuleDto)
  allowedRecipients?: RecipientRuleDto[];
  @ApiPropertyOptional({
    example: 'sharer@example.com',
    description: "The sharer's email: told once per viewer when a code-verified viewer opens the video, if settings.sessionSharing.notifySharerOnView is on. Stored sealed, shown masked",
  })
  @IsOptional()
  @IsString()
  @Length(3, 254)
  notifyEmail?: string;
}

export class ListLinksQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class AllowedRecipientDto {
  @ApiProperty({ enum: ['phone', 'email', 'emailDomain'] }) kind!: string;
  @ApiProperty({ description: 'Masked phone or email, or the domain' }) value!: string;
}

export class LinkViewItemDto {
  @ApiProperty({ description: 'Masked verified identity, member id, or "anonymous"', example: '+1•••••0123' }) viewer!: string;
  @ApiProperty() at!: string;
}

export class LinkViewsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [LinkViewItemDto] }) items!: LinkViewItemDto[];
}

export class LinkDto {
  @ApiProperty({ example: 'lnk_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' }) id!: string;
  @ApiProperty({ enum: ['private', 'public', 'public_2fa', 'share'] }) type!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired', 'used_up'] }) status!: string;
  @ApiProperty() video!: { id: string; title: string };
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ nullable: true, type: Number }) maxViews!: number | null;
  @ApiProperty({ type: [AllowedRecipientDto] }) allowedRecipients!: AllowedRecipientDto[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) revokedAt?: string | null;
  @ApiPropertyOptional({ description: 'Masked notifyEmail, when one was given', example: 's•••@example.com' }) notifyEmail?: string;
}

export class CreatedLinkDto extends LinkDto {
  @ApiProperty({ description: 'Shown once: the token in it is stored only as a hash', example: 'https://mfa.example.com/s/3q2-…' }) url!: string;
}

export class LinkWithViewsDto extends LinkDto {
  @ApiProperty({ type: LinkViewsDto }) views!: LinkViewsDto;
}

export class LinkListDto {
  @ApiProperty({ type: [LinkDto] }) items!: LinkDto[];
}
