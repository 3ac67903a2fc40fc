import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { CancelImportCommand, ListImportErrorsQuery, ListImportsQuery, StartImportCommand } from '@app/importing';
import { ApiAuthenticated, ApiProblem, ApiProblems, CurrentPrincipal, PageOf, PageRequest, streamServerSentEvents } from '@app/platform';
import type { Principal } from '@app/platform';
import { MESSAGES_IMPORT_TYPE } from '../../application/message-requests';
import { MessageRequestProgress } from './message-request-progress';
import { MessageRequestView } from './message-request.view';
import { ERRORS_CSV_HEADER, errorsCsvLine } from './errors-csv';
import { MessageRequestResponse, MessageRequestRowErrorResponse, MessageRequestSummaryResponse } from './message-request.response';
import { CsvMessageRequestRequest, ErrorsPageRequest, ImportMessageRequestRequest } from './message-requests.requests';

const EVENTS = { pollMs: 500, heartbeatMs: 15_000, event: 'progress' };
const CSV_PAGE = 1000;

@ApiTags('message requests')
@ApiAuthenticated()
@Controller({ path: 'messaging/message-requests', version: '1' })
export class MessageRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly progress: MessageRequestProgress,
  ) {}

  @Post('csv')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a message to each row of a CSV or XLSX file', description: 'The file is read, checked and sent in the background: follow it at …/{id} or …/{id}/events.' })
  @ApiAcceptedResponse({ description: 'Accepted: the request as it starts.', type: MessageRequestResponse })
  @ApiProblem(400, 'Invalid body; `errors` names each field at fault (text and template: exactly one).')
  @ApiProblem(404, 'The file is not one of yours.')
  @ApiProblems(413, 415, 422)
  async csv(@CurrentPrincipal() principal: Principal, @Body() body: CsvMessageRequestRequest) {
    const { file_id: fileId, ...config } = body;
    return this.start(principal.userId, fileId, { ...config });
  }

  @Post('import')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send messages from a file through the import engine, with its whole config', description: 'Column mapping, unknown-column policy and the rest of the `messages` import type.' })
  @ApiAcceptedResponse({ description: 'Accepted: the request as it starts.', type: MessageRequestResponse })
  @ApiProblem(400, 'Invalid body or config; the detail names each field at fault.')
  @ApiProblem(404, 'The file is not one of yours.')
  @ApiProblems(413, 415, 422)
  async import(@CurrentPrincipal() principal: Principal, @Body() body: ImportMessageRequestRequest) {
    return this.start(principal.userId, body.file_id, body.config);
  }

  @Get()
  @ApiOperation({ summary: "The caller's message requests, newest first" })
  @ApiOkResponse({ type: PageOf(MessageRequestSummaryResponse) })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() request: PageRequest) {
    const page = await this.queries.execute(new ListImportsQuery(principal.userId, { importType: MESSAGES_IMPORT_TYPE, cursor: request.cursor ?? null, limit: request.limit ?? 20 }));
    return { items: page.items.map(({ counts: _counts, ...summary }) => summary), next_cursor: page.next_cursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A message request: status, counts, percentage, rate, ETA' })
  @ApiOkResponse({ type: MessageRequestResponse })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.progress.of(principal.userId, id);
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'The progress as Server-Sent Events',
    description:
      'A `progress` event (the request, as GET …/{id} answers it) each time the counts change, a `: heartbeat` comment every 15 s while they do not, ' +
      'then an `end` event with the final state, and the stream ends. Reconnect to resume after an `error` event or a dropped connection.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The event stream.',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'event: progress\nid: 1\ndata: {"id":"…","status":"processing","done":false,…}\n\n' } } },
  })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblems(404)
  async events(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const read = () => this.progress.of(principal.userId, id);
    await read();
    await streamServerSentEvents<MessageRequestView>(reply, { read, isFinal: (request) => request.done }, EVENTS);
  }

  @Get(':id/errors')
  @ApiOperation({ summary: 'The rows refused, in row order' })
  @ApiOkResponse({ type: PageOf(MessageRequestRowErrorResponse) })
  @ApiProblem(400, 'The id is not a uuid, or the cursor is not one this list gave.')
  @ApiProblems(404)
  errors(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Query() request: ErrorsPageRequest) {
    return this.queries.execute(new ListImportErrorsQuery(principal.userId, id, request.cursor ?? null, request.limit ?? 100));
  }

  @Get(':id/errors.csv')
  @ApiOperation({
    summary: 'The rows refused, as a CSV file',
    description: "Columns row, column, value, code, message. A cell starting with = + - @ or a tab is prefixed with ' so that no spreadsheet runs it as a formula.",
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV, streamed.', content: { 'text/csv': { schema: { type: 'string', example: 'row,column,value,code,message\r\n7,phone,555-CALL-NOW,invalid_recipient,Not a phone number\r\n' } } } })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblems(404)
  async errorsCsv(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const page = (cursor: string | null) => this.queries.execute(new ListImportErrorsQuery(principal.userId, id, cursor, CSV_PAGE));
    const first = await page(null);
    async function* lines() {
      yield ERRORS_CSV_HEADER;
      for (let current = first; ; current = await page(current.next_cursor)) {
        yield current.items.map(errorsCsvLine).join('');
        if (!current.next_cursor) return;
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="message-request-${id}-errors.csv"`)
      .header('x-content-type-options', 'nosniff')
      .send(Readable.from(lines()));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a message request', description: 'No further row is read; messages not yet handed to a provider are not sent.' })
  @ApiOkResponse({ description: 'The request as it now is.', type: MessageRequestResponse })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblem(409, 'The request is already over.')
  @ApiProblems(404)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.commands.execute(new CancelImportCommand({ ownerId: principal.userId, importId: id }));
    return this.progress.of(principal.userId, id);
  }

  private async start(ownerId: string, fileId: string, config: Record<string, unknown>) {
    const { id } = await this.commands.execute(new StartImportCommand({ ownerId, fileId, importType: MESSAGES_IMPORT_TYPE, config }));
    return this.progress.of(ownerId, id);
  }
}
