import { Module } from '@nestjs/common';
import { MessagingModule } from '../../messaging.module';
import { MessagesController } from './messages.controller';
import { SandboxController } from './sandbox.controller';

/** The messaging routes; authentication comes from the app's global guard. */
@Module({ imports: [MessagingModule], controllers: [MessagesController, SandboxController] })
export class MessagingHttpModule {}
