import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { SessionSendingChanges, SessionSendingSettings } from '../../application/ports/session-sending';
import { GateMessage, SessionSendGate } from '../../application/send-gate/send-gate';
import { SendGatePolicy } from '../../application/send-gate/send-gate.policy';
import { MessagingModule } from '../../messaging.module';
import { TestClock } from '../../testing/in-memory-send-gate';

/** The messaging module on this run's PostgreSQL with the send gate on a clock the test moves: set up and closed around the suite. */
export function sendGateOnPostgres(env: () => Record<string, string> = () => ({})) {
  const clock = new TestClock();
  const on = { clock } as { clock: TestClock; module: TestingModule; gate: SessionSendGate; db: DataSource; txHost: TransactionHost<TransactionalAdapterTypeOrm> };

  beforeAll(async () => {
    on.module = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig(env())), MessagingModule] })
      .overrideProvider(SendGatePolicy)
      .useValue(new SendGatePolicy(3, 30_000, clock.now))
      .compile();
    await on.module.init();
    on.gate = on.module.get(SessionSendGate);
    on.db = on.module.get(DataSource);
    on.txHost = on.module.get(TransactionHost);
  }, 30_000);

  afterAll(async () => {
    await on.module?.close();
  });

  return Object.assign(on, {
    /** A session row of this messenger, active, with these sending settings. */
    session: async (messenger: string, changes: SessionSendingChanges = {}, ownerId = uuidV7()): Promise<string> => {
      const id = uuidV7();
      await on.db.query(`INSERT INTO messaging.messenger_sessions (id, owner_id, messenger, status, created_at, updated_at) VALUES ($1, $2, $3, 'active', now(), now())`, [id, ownerId, messenger]);
      await on.txHost.withTransaction(() => on.module.get(SessionSendingSettings).change(ownerId, id, changes));
      return id;
    },
    /** `admit` as the send handler calls it: in a transaction of its own. */
    admit: (messages: GateMessage[]) => on.txHost.withTransaction(() => on.gate.admit(messages)),
    gateMessages: (sessionId: string, count: number, messenger = 'sms'): GateMessage[] =>
      Array.from({ length: count }, () => ({ messageId: uuidV7(), messenger, sessionId, correlationId: null })),
  });
}
