import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'An event type, or a comma-separated list of them', example: 'api_key.created,api_key.revoked' })
  @IsOptional()
  @Matches(/^[a-z0-9_.]{1,64}(,[a-z0-9_.]{1,64}){0,29}$/, { message: 'type must be an event type or a comma-separated list of event types' })
  type?: string;

  @ApiPropertyOptional({ description: 'Only events at or after this time (ISO 8601)', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Only events at or before this time (ISO 8601)', example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 time' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page; opaque' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;
}

class AuditPartyDto {
  @ApiProperty({ example: 'api_key' }) kind!: string;
  @ApiProperty({ example: 'key_0b7f6a58-5b0e-4f7e-9a51-0c4a4a8f1e2d' }) id!: string;
}

export class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Position in the workspace hash chain: 1, 2, 3 … without gaps' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'settings.changed' }) type!: string;
  @ApiProperty({ type: AuditPartyDto, description: 'API key, member, masked viewer, operator or system' }) actor!: AuditPartyDto;
  @ApiProperty({ type: AuditPartyDto }) subject!: AuditPartyDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Masked values only' }) data!: Record<string, unknown>;
}

export class AuditEventsPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' }) items!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!: string | null;
}

export class AuditVerifyDto {
  @ApiProperty({ description: 'True when every stored link recomputes and links to the one before it' }) ok!: boolean;
  @ApiProperty({ description: 'Links checked (up to the broken one)' }) checked!: number;
  @ApiPropertyOptional({ description: 'The first seq that does not hold: modified, missing or re-linked' }) brokenAt?: number;
}
