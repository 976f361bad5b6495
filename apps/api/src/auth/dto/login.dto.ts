import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '../../common/id.param';

export class LoginDto {
  @ApiProperty({ example: 'jane.doe' }) @IsString() @Length(1, 256) username!: string;
  @ApiProperty({ writeOnly: true }) @IsString() @Length(1, 256) password!: string;
  @ApiPropertyOptional({ enum: ['sms', 'email'], description: 'Where to send the code, if the settings allow it and the member has it; else the preferred channel' })
  @IsOptional() @IsIn(['sms', 'email'])
  channel?: 'sms' | 'email';
  @ApiPropertyOptional({ enum: ['en', 'es'], default: 'en', description: 'Language of the code message' })
  @IsOptional() @IsIn(['en', 'es'])
  locale?: string;
}

export class LoginVerifyDto {
  @ApiProperty({ example: 'chl_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' })
  @IsString() @Matches(ID_PATTERN, { message: 'challengeId must be an id this API issued' })
  challengeId!: string;
  @ApiProperty({ example: '123456' }) @IsString() @Length(1, 20) code!: string;
}

export class LoginResponseDto {
  @ApiProperty({ enum: ['authenticated', 'code_required'] }) status!: 'authenticated' | 'code_required';
  @ApiPropertyOptional({ description: 'JWT (member access token); when authenticated' }) accessToken?: string;
  @ApiPropertyOptional({ description: 'Seconds; when authenticated' }) expiresIn?: number;
  @ApiPropertyOptional({ description: 'When code_required: pass it to /v1/auth/login/verify' }) challengeId?: string;
  @ApiPropertyOptional({ enum: ['sms', 'email'] }) channel?: 'sms' | 'email';
  @ApiPropertyOptional({ description: 'Masked destination the code went to' }) to?: string;
  @ApiPropertyOptional() expiresAt?: string;
}

export class AuthenticatedDto {
  @ApiProperty({ enum: ['authenticated'] }) status!: 'authenticated';
  @ApiProperty({ description: 'JWT with sub (member id), ws (workspace) and amr (RFC 8176)' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds' }) expiresIn!: number;
}
