import { Module } from '@nestjs/common';
import { FilesAmqpModule } from '@app/files';
import { MessagingAmqpModule } from '@app/messaging';

/** The message consumers of every context (their `<Ctx>AmqpModule`s). */
@Module({ imports: [MessagingAmqpModule, FilesAmqpModule] })
export class ConsumersModule {}
