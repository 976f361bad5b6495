import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;
const USERNAME_RULE = 'username must be 1-64 letters, digits, ".", "_", "@", "+" or "-", starting with a letter or digit';
/** NIST SP 800-63B: at least 12 here (admins set them), long passphrases allowed. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** A field that may be left out, but not sent as null. */
const Present = () => ValidateIf((_: unknown, v: unknown) => v !== undefined);

export class CreateMemberDto {
  @ApiProperty({ example: 'jane.doe', description: 'Unique per workspace, case-insensitive' })
  @IsString() @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  username!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, writeOnly: true })
  @IsString() @Length(PASSWORD_MIN, PASSWORD_MAX)
  password!: string;

  @ApiPropertyOptional({ example: 'jane@example.com' })
  @IsOptional() @IsString() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+14155550123', description: 'E.164, or a national format with `country`' })
  @IsOptional() @IsString() @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2 hint for a national phone format' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country?: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional() @IsString() @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ['sms', 'email'], description: 'Where login codes go; defaults to sms when there is a phone, else email' })
  @Present() @IsIn(['sms', 'email'])
  preferredChannel?: 'sms' | 'email';
}

/** Every field optional; `email`, `phone` and `displayName` may be null to remove them. */
export class UpdateMemberDto {
  @ApiPropertyOptional({ example: 'jane.doe' })
  @Present() @IsString() @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  username?: string;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, writeOnly: true })
  @Present() @IsString() @Length(PASSWORD_MIN, PASSWORD_MAX)
  password?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(64)
  phone?: string | null;

  @ApiPropertyOptional({ example: 'US' })
  @Present() @IsString() @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @Length(1, 200)
  displayName?: string | null;

  @ApiPropertyOptional({ enum: ['sms', 'email'] })
  @Present() @IsIn(['sms', 'email'])
  preferredChannel?: 'sms' | 'email';
}

export class ListMembersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

export class MemberDto {
  @ApiProperty({ example: 'mem_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '+1•••••0123', description: 'Masked' }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'j•••@example.com', description: 'Masked' }) email!: string | null;
  @ApiProperty({ enum: ['sms', 'email'], nullable: true }) preferredChannel!: 'sms' | 'email' | null;
  @ApiProperty({ enum: ['sms', 'email'], isArray: true, description: 'Channels the member can receive codes on' }) channels!: ('sms' | 'email')[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
