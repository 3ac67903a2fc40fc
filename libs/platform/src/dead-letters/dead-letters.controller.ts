import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { API_KEY_SECURITY, BEARER_SECURITY, OAUTH2_SECURITY } from '../http/http-app';
import { DeadLetterAdmin } from './dead-letter-admin';
import { ListDeadLettersRequest } from './dead-letters.request';

@ApiTags('admin')
@ApiBearerAuth(BEARER_SECURITY)
@ApiSecurity(API_KEY_SECURITY)
@ApiSecurity(OAUTH2_SECURITY)
@ApiForbiddenResponse({ description: 'The caller is not an admin.' })
@Roles('admin')
@Controller({ path: 'admin/dead-letters', version: '1' })
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterAdmin) {}

  /** Messages no handler could take, newest first, with the queue, the error and the attempts. */
  @Get()
  list(@Query() query: ListDeadLettersRequest) {
    return this.deadLetters.list({ queue: query.queue, pending: query.pending, cursor: query.cursor, limit: query.limit ?? 20 });
  }

  /** Sends the message again to the queue that failed it, through the outbox. */
  @Post(':id/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: '{id, replayed_as}: the outbox id of the new delivery.' })
  @ApiNotFoundResponse({ description: 'No such dead letter.' })
  @ApiConflictResponse({ description: 'Already replayed.' })
  replay(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.deadLetters.replay(id);
  }
}
