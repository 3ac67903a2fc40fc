import { Global, Module } from '@nestjs/common';
import { DeadLetters } from '../inbox/dead-letters';
import { MessageRunner } from '../inbox/message-runner';
import { OutboxWriter } from './outbox.writer';

/** The outbox writer for repositories; the inbox runner and the dead-letter record for consumers. */
@Global()
@Module({ providers: [OutboxWriter, MessageRunner, DeadLetters], exports: [OutboxWriter, MessageRunner, DeadLetters] })
export class OutboxModule {}
