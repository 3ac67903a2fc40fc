import { Module } from '@nestjs/common';
import { MessagingModule } from '../../messaging.module';
import { DeadLetteredSendReaction } from './dead-lettered-send.reaction';
import { SendMessageConsumer } from './send-message.consumer';

/** The messaging consumers, for the dispatcher, and what a dead-lettered send does to its message. */
@Module({ imports: [MessagingModule], controllers: [SendMessageConsumer], providers: [DeadLetteredSendReaction] })
export class MessagingAmqpModule {}
