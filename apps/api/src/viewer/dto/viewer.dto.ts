import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '../../common/id.param';

/** Link tokens are 32 random bytes in base64url; anything else is an unknown link, answered like every other. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class TokenParam {
  @ApiProperty({ description: 'The link token from the URL' }) @IsString() token!: string;
}

export class ViewerChallengeDto {
  @ApiPropertyOptional({ example: '+14155550123', description: 'public_2fa: the viewer\'s phone or email. Not accepted for direct shares: their code always goes to the recipient' })
  @IsOptional()
  @IsString()
  @Length(3, 254)
  to?: string;
  @ApiPropertyOptional({ example: 'US', description: 'Country hint for a national phone format' }) @IsOptional() @IsString() @Matches(/^[A-Za-z]{2}$/) country?: string;
  @ApiPropertyOptional({ example: 'en' }) @IsOptional() @IsString() @Matches(/^[a-zA-Z]{2}([-_][a-zA-Z0-9]{2,8})?$/) locale?: string;
}

export class ViewerVerifyDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN, { message: 'challengeId must be an id this API issued' }) challengeId!: string;
  @ApiProperty({ example: '123456' }) @IsString() @Matches(/^\d{4,10}$/, { message: 'code must be 4-10 digits' }) code!: string;
}

export class ViewerResendDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN, { message: 'challengeId must be an id this API issued' }) challengeId!: string;
}

export class MediaQuery {
  @ApiPropertyOptional({ enum: ['json'], description: 'json: answer 200 {url} instead of a redirect (for the viewer page)' })
  @IsOptional()
  @IsIn(['json'])
  format?: 'json';
}

export class ViewDescriptionDto {
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['private', 'public', 'public_2fa', 'share'] }) type!: string;
  @ApiProperty({ enum: ['none', 'code', 'member_login'] }) requires!: string;
  @ApiPropertyOptional({ description: 'Direct shares needing a code: where it will go (masked)', example: '+1•••••0123' }) to?: string;
}

export class ViewerChallengeResultDto {
  @ApiProperty() challengeId!: string;
  @ApiProperty({ example: '+1•••••0123' }) to!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() attemptsRemaining!: number;
  @ApiProperty({ description: 'Seconds before a resend is accepted' }) resendAfterSeconds!: number;
}

export class ViewerTokenDto {
  @ApiProperty({ description: 'Bearer token for GET /v1/view/:token/media; bound to this link' }) viewerToken!: string;
  @ApiProperty() expiresIn!: number;
}

export class MediaUrlDto {
  @ApiProperty() url!: string;
}
