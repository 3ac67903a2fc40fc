import { Module } from '@nestjs/common';
import { MessagingAmqpModule } from '@app/messaging';

/** The message consumers of every context (their `<Ctx>AmqpModule`s). */
@Module({ imports: [MessagingAmqpModule] })
export class ConsumersModule {}
