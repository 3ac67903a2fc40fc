import { Module } from '@nestjs/common';
import { FilesModule } from '../../files.module';
import { RemoveFileObjectConsumer } from './remove-file-object.consumer';

/** The files consumers, for the dispatcher. */
@Module({ imports: [FilesModule], controllers: [RemoveFileObjectConsumer] })
export class FilesAmqpModule {}
