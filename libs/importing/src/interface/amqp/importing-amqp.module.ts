import { Module } from '@nestjs/common';
import { ImportingModule } from '../../importing.module';
import { ProcessImportBatchConsumer } from './process-import-batch.consumer';
import { StageImportConsumer } from './stage-import.consumer';

/** The importing consumers, for the dispatcher: staging a file, processing a batch of its rows. */
@Module({ imports: [ImportingModule], controllers: [StageImportConsumer, ProcessImportBatchConsumer] })
export class ImportingAmqpModule {}
