import { Module } from '@nestjs/common';
import { ImportingModule } from '@app/importing';
import { RequestMessages } from './application/ports/request-messages';
import { GetRequestMessageCountsHandler } from './application/queries/get-request-message-counts/get-request-message-counts.handler';
import { SqlRequestMessages } from './infrastructure/persistence/sql-request-messages';

/** Message requests: bulk sends from a file, read by the importing engine as `messages` imports, with their progress. */
@Module({
  imports: [ImportingModule],
  providers: [GetRequestMessageCountsHandler, { provide: RequestMessages, useClass: SqlRequestMessages }],
})
export class MessageRequestsModule {}
