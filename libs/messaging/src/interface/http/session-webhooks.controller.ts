import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblem, Public } from '@app/platform';
import { ApplySessionWebhookCommand } from '../../application/commands/apply-session-webhook/apply-session-webhook.command';

export class SessionWebhookResponse {
  @ApiProperty({ example: 1, description: 'How many of its events changed the session (0 for events that do not concern it).' })
  applied: number;
}

/** Providers report a session's events here (WhatsApp through Evolution API: QR rotated, connected, disconnected). */
@ApiTags('webhooks')
@Controller({ path: 'webhooks', version: '1' })
export class SessionWebhooksController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':messenger/:session_id')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "A provider's webhook about one session, authenticated by the per-session token it was given (no user credential)." })
  @ApiQuery({ name: 'token', required: true, description: 'The per-session webhook secret, as given to the provider in the webhook URL.' })
  @ApiOkResponse({ type: SessionWebhookResponse })
  @ApiProblem(400, 'The session id is not a uuid.')
  @ApiProblem(401, 'A missing or wrong token, or no such session: nothing changed.')
  receive(
    @Param('messenger') messenger: string,
    @Param('session_id', new ParseUUIDPipe()) sessionId: string,
    @Query('token') token: unknown,
    @Body() body: unknown,
  ): Promise<{ applied: number }> {
    return this.commands.execute(new ApplySessionWebhookCommand(messenger, sessionId, typeof token === 'string' ? token : null, body));
  }
}
