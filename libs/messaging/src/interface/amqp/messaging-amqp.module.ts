import { Module } from '@nestjs/common';
import { MessagingModule } from '../../messaging.module';
import { SendMessageConsumer } from './send-message.consumer';

/** The messaging consumers, for the dispatcher. */
@Module({ imports: [MessagingModule], controllers: [SendMessageConsumer] })
export class MessagingAmqpModule {}
