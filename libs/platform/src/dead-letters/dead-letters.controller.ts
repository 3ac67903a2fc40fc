import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthenticated, ApiProblem, ApiProblems, PageOf } from '../http/api-responses';
import { DeadLetterAdmin } from './dead-letter-admin';
import { DeadLetterReplayResponse, DeadLetterResponse } from './dead-letter.response';
import { ListDeadLettersRequest } from './dead-letters.request';

@ApiTags('admin')
@ApiAuthenticated()
@ApiProblem(403, 'The caller is not an admin.')
@Roles('admin')
@Controller({ path: 'admin/dead-letters', version: '1' })
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterAdmin) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, newest first', description: 'Messages no handler could take, with the queue, the error and the attempts.' })
  @ApiOkResponse({ type: PageOf(DeadLetterResponse) })
  @ApiProblems(400)
  list(@Query() query: ListDeadLettersRequest) {
    return this.deadLetters.list({ queue: query.queue, pending: query.pending, cursor: query.cursor, limit: query.limit ?? 20 });
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay a dead letter', description: 'Sends the message again to the queue that failed it, through the outbox.' })
  @ApiAcceptedResponse({ type: DeadLetterReplayResponse })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblem(404, 'No such dead letter.')
  @ApiProblem(409, 'Already replayed.')
  replay(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.deadLetters.replay(id);
  }
}
