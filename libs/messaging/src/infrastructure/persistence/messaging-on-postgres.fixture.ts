import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { MessageReadModel } from '../../application/ports/message.read-model';
import { MessageRepository } from '../../application/ports/message.repository';
import { MessagingModule } from '../../messaging.module';
import { aQueuedMessage } from '../../testing/in-memory-messaging';

/** The messaging module on this run's PostgreSQL, for the int-specs of its adapters: set up and closed around the suite. */
export function messagingOnPostgres() {
  let moduleRef: TestingModule;
  const on = {} as { messages: MessageRepository; reads: MessageReadModel; txHost: TransactionHost<TransactionalAdapterTypeOrm> };

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig()), MessagingModule] }).compile();
    on.messages = moduleRef.get(MessageRepository);
    on.reads = moduleRef.get(MessageReadModel);
    on.txHost = moduleRef.get(TransactionHost);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
  });

  return Object.assign(on, {
    sql: <T>(query: string, params: unknown[] = []): Promise<T[]> => on.txHost.tx.query(query, params),
    saved: async (message = aQueuedMessage({ ownerId: uuidV7() })) => {
      await on.txHost.withTransaction(() => on.messages.save(message));
      return message;
    },
  });
}
