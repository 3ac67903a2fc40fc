import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, IsTimeZone, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

export class QuietHoursRequest {
  @ApiProperty({ example: '21:00', description: 'Local time (HH:MM, 24-hour) the quiet hours start.' })
  @IsString()
  @Matches(CLOCK, { message: 'quiet_hours.start must be a time of day as HH:MM, such as 21:00' })
  start: string;

  @ApiProperty({ example: '08:00', description: 'Local time (HH:MM) they end; before start, they span midnight.' })
  @IsString()
  @Matches(CLOCK, { message: 'quiet_hours.end must be a time of day as HH:MM, such as 08:00' })
  end: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'The IANA time zone of start and end.' })
  @IsTimeZone({ message: 'quiet_hours.timezone must be an IANA time zone, such as Europe/Paris or UTC' })
  timezone: string;
}

export class PaceRequest {
  @ApiPropertyOptional({ example: 12, minimum: 1, maximum: 60_000, description: "Sends a minute; absent: the messenger's default (GET /v1/messaging/sessions/messengers)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60_000)
  per_minute?: number;

  @ApiPropertyOptional({ example: 4_000, minimum: 0, maximum: 600_000, description: 'Up to this many milliseconds, at random, added after each send (user accounts look less like bots).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  jitter_ms?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 500, minimum: 1, maximum: 10_000_000, description: 'Sends a UTC day; the rest wait for the next day. Absent or null: no cap.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  daily_cap?: number | null;

  @ApiPropertyOptional({ type: QuietHoursRequest, nullable: true, description: 'Hours in which the session sends nothing; messages wait until they end.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursRequest)
  quiet_hours?: QuietHoursRequest | null;
}

/** `PATCH /v1/messaging/sessions/:id`: a field left out stays as it is; `null` takes the default back. */
export class UpdateSessionRequest {
  @ApiPropertyOptional({ type: PaceRequest, nullable: true, description: "The session's own pace, replacing any it had; null: the messenger's default again." })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PaceRequest)
  pace?: PaceRequest | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, example: '01a234d3-80cc-747e-bb2e-075910323e9a', description: "Another of the caller's sessions of the same messenger, sent through when this one is expired or its breaker is open; null: none." })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUUID('all')
  fallback_session_id?: string | null;
}
