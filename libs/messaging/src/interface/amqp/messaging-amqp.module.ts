import { Module } from '@nestjs/common';
import { MessagingModule } from '../../messaging.module';
import { DeadLetteredSendReaction } from './dead-lettered-send.reaction';
import { SendMessageConsumer } from './send-message.consumer';
import { SendingMessagesSweeper } from '../schedule/sending-messages.sweeper';

/** The messaging consumers, for the dispatcher, what a dead-lettered send does to its message, and the sweep of sends a crash cut short. */
@Module({ imports: [MessagingModule], controllers: [SendMessageConsumer], providers: [DeadLetteredSendReaction, SendingMessagesSweeper] })
export class MessagingAmqpModule {}
