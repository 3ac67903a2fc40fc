import { Module } from '@nestjs/common';
import { ImportingModule } from '../../importing.module';
import { DeadLetteredImportReaction } from './dead-lettered-import.reaction';
import { ProcessImportBatchConsumer } from './process-import-batch.consumer';
import { StageImportConsumer } from './stage-import.consumer';

/** The importing consumers, for the dispatcher: staging a file, processing a batch of its rows; and what a dead letter does to its import. */
@Module({ imports: [ImportingModule], controllers: [StageImportConsumer, ProcessImportBatchConsumer], providers: [DeadLetteredImportReaction] })
export class ImportingAmqpModule {}
