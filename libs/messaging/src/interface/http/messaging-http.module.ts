import { Module } from '@nestjs/common';
import { MessageRequestsModule } from '../../message-requests.module';
import { MessagingModule } from '../../messaging.module';
import { ExpiredSessionsSweeper } from '../schedule/expired-sessions.sweeper';
import { MessageRequestProgress } from './message-request-progress';
import { MessageRequestsController } from './message-requests.controller';
import { MessagesController } from './messages.controller';
import { MessengerEnumDocs } from './messenger-property';
import { SandboxController } from './sandbox.controller';
import { SessionsController } from './sessions.controller';
import { SessionWebhooksController } from './session-webhooks.controller';
import { ReplayedSendReaction } from './replayed-send.reaction';

/** The messaging routes, and what a replayed send does to its message; authentication comes from the app's global guard (the session webhooks opt out: their token is the credential). */
@Module({
  imports: [MessagingModule, MessageRequestsModule],
  controllers: [MessagesController, MessageRequestsController, SandboxController, SessionsController, SessionWebhooksController],
  providers: [MessengerEnumDocs, ExpiredSessionsSweeper, MessageRequestProgress, ReplayedSendReaction],
})
export class MessagingHttpModule {}
