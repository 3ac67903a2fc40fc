import { Module } from '@nestjs/common';
import { FilesAmqpModule } from '@app/files';
import { ImportingAmqpModule } from '@app/importing';
import { MessagingAmqpModule } from '@app/messaging';

/** The message consumers of every context (their `<Ctx>AmqpModule`s). */
@Module({ imports: [MessagingAmqpModule, FilesAmqpModule, ImportingAmqpModule] })
export class ConsumersModule {}
