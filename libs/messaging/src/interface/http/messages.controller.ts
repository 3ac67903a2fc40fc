import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiAuthenticated, ApiProblem, ApiProblems, CurrentPrincipal, PageOf } from '@app/platform';
import type { Principal } from '@app/platform';
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
  @ApiCreatedResponse({ description: 'The message, queued for sending, with its status history.', type: MessageResponse })
  @ApiOkResponse({ description: 'A replay: the message created earlier with this Idempotency-Key and body, as it is now.', type: MessageResponse })
  @ApiProblem(400, 'Invalid body or Idempotency-Key, or an unknown messenger (the detail names the known ones).')
  @ApiProblem(422, 'The Idempotency-Key was used before with another body.')
  @ApiProblems(413, 415)
  async queue(
    @CurrentPrincipal() principal: Principal,
    @Body() body: QueueMessageRequest,
    @IdempotencyKey() idempotencyKey: string | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command = new QueueMessageCommand(principal.userId, body.messenger, body.to, body.text, idempotencyKey, body.session_id ?? null, body.attachments ?? []);
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
}
