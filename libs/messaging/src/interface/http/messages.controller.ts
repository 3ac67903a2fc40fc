import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { API_KEY_SECURITY, BEARER_SECURITY, CurrentPrincipal, OAUTH2_SECURITY } from '@app/platform';
import type { Principal } from '@app/platform';
import { QueueMessageCommand } from '../../application/commands/queue-message/queue-message.command';
import { GetMessageQuery } from '../../application/queries/get-message/get-message.query';
import { ListMessagesQuery } from '../../application/queries/list-messages/list-messages.query';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from './idempotency-key.decorator';
import { ListMessagesRequest } from './list-messages.request';
import { QueueMessageRequest } from './queue-message.request';

@ApiTags('messages')
@ApiBearerAuth(BEARER_SECURITY)
@ApiSecurity(API_KEY_SECURITY)
@ApiSecurity(OAUTH2_SECURITY)
@Controller({ path: 'messaging', version: '1' })
export class MessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('message')
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'Up to 200 visible ASCII characters. A retry with the same key and body answers the first message (200) instead of sending twice.',
  })
  @ApiCreatedResponse({ description: 'The message, queued for sending, with its status history.' })
  @ApiOkResponse({ description: 'A replay: the message created earlier with this Idempotency-Key and body.' })
  @ApiBadRequestResponse({ description: 'Invalid body or Idempotency-Key, or an unknown messenger (the detail names the known ones).' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used before with another body.' })
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
  @ApiOkResponse({ description: "The caller's messages, newest first: {items, next_cursor}." })
  list(@CurrentPrincipal() principal: Principal, @Query() request: ListMessagesRequest) {
    const filter = { status: request.status ?? null, cursor: request.cursor ?? null, limit: request.limit ?? 20 };
    return this.queries.execute(new ListMessagesQuery(principal.userId, filter));
  }

  @Get('messages/:id')
  @ApiOkResponse({ description: 'The message with its status history.' })
  @ApiNotFoundResponse({ description: "No such message among the caller's." })
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new GetMessageQuery(principal.userId, id));
  }
}
