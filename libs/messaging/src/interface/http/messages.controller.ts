import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiAuthenticated, ApiProblem, ApiProblems, CurrentPrincipal, PageOf } from '@app/platform';
import type { Principal } from '@app/platform';
import { CancelMessageCommand } from '../../application/commands/cancel-message/cancel-message.command';
import { QueueMessageCommand } from '../../application/commands/queue-message/queue-message.command';
import { GetMessageQuery } from '../../application/queries/get-message/get-message.query';
import { ListMessagesQuery } from '../../application/queries/list-messages/list-messages.query';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from './idempotency-key.decorator';
import { ListMessagesRequest } from './list-messages.request';
import { MessageResponse, MessageSummaryResponse } from './message.response';
import { QueueMessageRequest } from './queue-message.request';

@ApiTags('messages')
@ApiAuthenticated()
@Controller({ path: 'messaging', version: '1' })
export class MessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('message')
  @ApiOperation({ summary: 'Send a message' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Up to 200 visible ASCII characters. A retry with the same key and body answers the first message (200) instead of sending twice.',
  })
  @ApiCreatedResponse({ description: 'The message, queued for sending (or scheduled, with a send_at), with its status history.', type: MessageResponse })
  @ApiOkResponse({ description: 'A replay: the message created earlier with this Idempotency-Key and body, as it is now.', type: MessageResponse })
  @ApiProblem(400, 'Invalid body or Idempotency-Key, an unknown messenger (the detail names the known ones), or a send_at not in the next 35 days.')
  @ApiProblem(422, 'The Idempotency-Key was used before with another body.')
  @ApiProblems(413, 415)
  async queue(
    @CurrentPrincipal() principal: Principal,
    @Body() body: QueueMessageRequest,
    @IdempotencyKey() idempotencyKey: string | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const sendAt = body.send_at === undefined ? null : new Date(body.send_at);
    const command = new QueueMessageCommand(principal.userId, body.messenger, body.to, body.text, idempotencyKey, body.session_id ?? null, body.attachments ?? [], sendAt);
    const { message, created } = await this.commands.execute(command);
    void reply.status(created ? 201 : 200);
    return message;
  }

  @Get('messages')
  @ApiOperation({ summary: "The caller's messages, newest first" })
  @ApiOkResponse({ type: PageOf(MessageSummaryResponse) })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() request: ListMessagesRequest) {
    const filter = { status: request.status ?? null, requestId: request.request?.toLowerCase() ?? null, cursor: request.cursor ?? null, limit: request.limit ?? 20 };
    return this.queries.execute(new ListMessagesQuery(principal.userId, filter));
  }

  @Get('messages/:id')
  @ApiOperation({ summary: 'A message with its status history' })
  @ApiOkResponse({ type: MessageResponse })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new GetMessageQuery(principal.userId, id));
  }

  @Post('messages/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a message no provider was handed yet (queued, scheduled or waiting for a retry)' })
  @ApiOkResponse({ description: 'The message, cancelled, with its status history: it will never be sent.', type: MessageResponse })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblem(404, 'No such message of yours.')
  @ApiProblem(409, 'The message was handed to its provider already (sending or later), or is already cancelled or failed.')
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.commands.execute(new CancelMessageCommand(principal.userId, id));
  }
}
