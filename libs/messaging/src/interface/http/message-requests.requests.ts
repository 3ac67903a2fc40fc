import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { UNKNOWN_COLUMN_POLICIES } from '@app/importing';
import { MESSAGES_IMPORT_TYPE } from '../../application/message-requests';
import { ApiMessengerProperty } from './messenger-property';

export const DUPLICATE_RECIPIENT_POLICIES = ['send', 'skip'] as const;

/** Exactly one of this property and `other` is given. */
function OneOf(other: string): PropertyDecorator {
  return (prototype, key) =>
    registerDecorator({
      name: 'oneOf',
      target: prototype.constructor,
      propertyName: String(key),
      options: { message: `give either ${String(key)} or ${other}, not both` },
      constraints: [other],
      validator: {
        validate: (value: unknown, { object }: ValidationArguments) => (value === undefined) !== ((object as Record<string, unknown>)[other] === undefined),
        defaultMessage: ({ value }: ValidationArguments) => (value === undefined ? `give either ${String(key)} or ${other}` : `give either ${String(key)} or ${other}, not both`),
      },
    });
}

export class CsvMessageRequestRequest {
  @ApiProperty({ format: 'uuid', example: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8', description: 'A CSV or XLSX file of yours (POST /v1/files/upload), a header row first.' })
  @IsUUID()
  file_id: string;

  @ApiMessengerProperty('The messenger every message goes through.')
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  messenger: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The session to send from: required for every messenger but the sandbox, as for a single message.' })
  @IsOptional()
  @IsUUID()
  session_id?: string;

  @ApiProperty({ example: 'phone', maxLength: 200, description: "The column that holds each row's recipient." })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  recipient_column: string;

  @ApiPropertyOptional({ example: 'Hi {{name}}, your order {{order}} has shipped.', maxLength: 4096, description: 'The text of every message; `{{column}}` is replaced by that column of the row. Give text or template.' })
  // why: validated when given, and also when template is missing, so that neither given is a 400 naming text.
  @ValidateIf((request: CsvMessageRequestRequest) => request.text !== undefined || request.template === undefined)
  @OneOf('template')
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  text?: string;

  @ApiPropertyOptional({ example: '<p>Hi {{name}}</p>', maxLength: 65536, description: 'A template for messengers that take one (HTML email: variables HTML-escaped). Give text or template.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  template?: string;

  @ApiPropertyOptional({ enum: UNKNOWN_COLUMN_POLICIES, default: 'ignore', description: 'Columns the text does not use: ignore them, refuse the file, or keep them as variables.' })
  @IsOptional()
  @IsIn(UNKNOWN_COLUMN_POLICIES)
  unknown_columns?: (typeof UNKNOWN_COLUMN_POLICIES)[number];

  @ApiPropertyOptional({ enum: DUPLICATE_RECIPIENT_POLICIES, default: 'send', description: 'A recipient on several rows: a message for each, or only for the first (the others are row errors).' })
  @IsOptional()
  @IsIn(DUPLICATE_RECIPIENT_POLICIES)
  duplicate_recipients?: (typeof DUPLICATE_RECIPIENT_POLICIES)[number];
}

export class ImportMessageRequestRequest {
  @ApiProperty({ format: 'uuid', example: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8', description: 'A CSV or XLSX file of yours (POST /v1/files/upload).' })
  @IsUUID()
  file_id: string;

  @ApiProperty({ enum: [MESSAGES_IMPORT_TYPE], example: MESSAGES_IMPORT_TYPE })
  @IsIn([MESSAGES_IMPORT_TYPE])
  import_type: typeof MESSAGES_IMPORT_TYPE;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}', unknown_columns: 'keep', column_mapping: { phone: 'Mobile' } },
    description: "The import type's config, checked against its schema: a 400 names each field at fault.",
  })
  @IsObject()
  config: Record<string, unknown>;
}

export class ErrorsPageRequest {
  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
