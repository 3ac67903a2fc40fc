import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorResponse {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: [String], example: ['email must be a valid email address'] })
  messages: string[];
}

/** Every error answer's body (RFC 9457, `application/problem+json`), as the OpenAPI document shows it. */
export class ProblemDetails {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ description: 'What went wrong, for a human.', example: 'The request is invalid: see errors.' })
  detail: string;

  @ApiProperty({ description: 'The path of the request.', example: '/v1/users' })
  instance: string;

  @ApiPropertyOptional({ description: 'A stable name for the error, to branch on.', example: 'validation_failed' })
  code?: string;

  @ApiProperty({ description: 'The X-Correlation-Id of the request, also in every log line it caused.', example: '0193a1c2-7e4b-7a51-9f0e-3c1d2b4a5e6f' })
  correlation_id: string;

  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'On a 400 from validation: the fields at fault.' })
  errors?: FieldErrorResponse[];
}
