import { ApiProperty } from '@nestjs/swagger';

class AuthenticationSettingsDto {
  @ApiProperty({ description: '"2FA Code Required": members enter a code at every login' }) codeRequired!: boolean;
  @ApiProperty({ enum: ['sms', 'email'], isArray: true }) channels!: string[];
}
class SessionSharingSettingsDto {
  @ApiProperty({ description: '"Require Authentication": recipients of direct shares enter a code' }) requireAuthentication!: boolean;
  @ApiProperty({ description: 'Email the sharer (the notifyEmail of a link or share) the first time each code-verified viewer opens the video' })
  notifySharerOnView!: boolean;
}
class ShareLinkSettingsDto {
  @ApiProperty({ enum: ['private', 'public', 'public_2fa'], isArray: true }) allowedTypes!: string[];
  @ApiProperty({ minimum: 1 }) defaultExpiryHours!: number;
}
class CodeSettingsDto {
  @ApiProperty({ minimum: 4, maximum: 10 }) length!: number;
  @ApiProperty({ minimum: 60, maximum: 600 }) ttlSeconds!: number;
  @ApiProperty({ minimum: 1, maximum: 10 }) maxAttempts!: number;
  @ApiProperty({ minimum: 0 }) resendCooldownSeconds!: number;
  @ApiProperty({ minimum: 1 }) maxSendsPerDestinationPerHour!: number;
}
class SmsSettingsDto {
  @ApiProperty({ type: [String], description: 'ISO 3166-1 alpha-2; empty means every country' }) allowedCountries!: string[];
}

/** Documentation of the settings document; validation is the zod schema in settings.schema.ts. */
export class SettingsDto {
  @ApiProperty() authentication!: AuthenticationSettingsDto;
  @ApiProperty() sessionSharing!: SessionSharingSettingsDto;
  @ApiProperty() shareLinks!: ShareLinkSettingsDto;
  @ApiProperty() codes!: CodeSettingsDto;
  @ApiProperty() sms!: SmsSettingsDto;
}
