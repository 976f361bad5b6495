import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateChallengeDto {
  @ApiProperty({ enum: ['sms', 'email'] }) @IsIn(['sms', 'email']) channel!: 'sms' | 'email';
  @ApiProperty({ description: 'E.164 phone (or national with countryHint) or email address', example: '+14155550123' })
  @IsString()
  @Length(3, 254)
  to!: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country for national phone formats', example: 'US' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'countryHint must be a two-letter country code' })
  countryHint?: string;
  @ApiPropertyOptional({ description: "Message language: 'en' (default) or 'es'", example: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2}([-_][A-Za-z]{2})?$/, { message: 'locale must look like en or es-MX' })
  locale?: string;
  @ApiPropertyOptional({ description: 'Where the code goes instead when the SMS ends undelivered or failed' })
  @IsOptional()
  @IsEmail()
  @Length(3, 254)
  fallbackEmail?: string;
}

export class VerifyChallengeDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{4,10}$/, { message: 'code must be 4 to 10 digits' })
  code!: string;
}

export class ChallengeDeliveryDto {
  @ApiProperty({ enum: ['queued', 'retrying', 'sent', 'delivered', 'undelivered', 'failed', 'skipped'] }) status!: string;
  @ApiProperty({ description: 'Provider calls made for the current send' }) attempts!: number;
  @ApiPropertyOptional({ description: 'Provider error code of the last failed try, e.g. 21211 or smtp_550' }) lastError?: string;
}

export class ChallengeDto {
  @ApiProperty({ example: 'chl_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' }) id!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'expired', 'canceled', 'locked', 'undeliverable'] }) status!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty({ description: 'Masked destination', example: '+1•••••0123' }) to!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() attemptsRemaining!: number;
  @ApiPropertyOptional({ type: ChallengeDeliveryDto }) delivery?: ChallengeDeliveryDto;
}

export class ErrorDto {
  @ApiProperty() statusCode!: number;
  @ApiProperty({ description: 'Stable snake_case code' }) error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'e.g. {attemptsRemaining} for invalid_code, {retryAfterSeconds} for limits, [{field, problems}] for validation_failed' })
  details?: unknown;
}
