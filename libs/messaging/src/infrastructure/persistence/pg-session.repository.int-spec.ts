import { randomBytes } from 'node:crypto';
import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { SenderSessions } from '../../application/ports/sender-sessions';
import { SessionRepository } from '../../application/ports/session.repository';
import { CODE_TTL_MS, Session } from '../../domain/session.aggregate';
import { MessagingModule } from '../../messaging.module';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');

async function messagingWith(env: Record<string, string>): Promise<TestingModule> {
  return Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig(env)), MessagingModule] }).compile();
}

describe('sessions on PostgreSQL', () => {
  let moduleRef: TestingModule;
  let sessions: SessionRepository;
  let senders: SenderSessions;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  const row = async (id: string) => (await txHost.tx.query(`SELECT * FROM messaging.messenger_sessions WHERE id = $1`, [id]))[0];
  const connected = (ownerId = uuidV7(), secrets: Record<string, unknown> = { session: 'SESSION-STRING' }) =>
    Session.connected({ ownerId, messenger: 'telegram', secrets, address: '+12015550123' });

  beforeAll(async () => {
    moduleRef = await messagingWith({ SESSION_ENCRYPTION_KEY: OLD_KEY });
    sessions = moduleRef.get(SessionRepository);
    senders = moduleRef.get(SenderSessions);
    txHost = moduleRef.get(TransactionHost);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
  });

  describe('PgSessionRepository', () => {
    it('stores a session with its secrets encrypted, and reads it back whole, to its owner only', async () => {
      const session = connected();
      await sessions.add(session);
      const stored = await row(session.id);
      expect(stored.secrets).toMatch(/^v1\./);
      expect(stored.secrets).not.toContain('SESSION-STRING');
      expect((await sessions.find(session.snapshot().ownerId, session.id))?.snapshot()).toEqual(session.snapshot());
      expect(await sessions.find(uuidV7(), session.id)).toBeNull();
    });

    it('saves a step, lists newest first by cursor, and expires overdue pending sessions in one sweep', async () => {
      const ownerId = uuidV7();
      const t0 = new Date(Date.now() - CODE_TTL_MS - 1000);
      const pending = Session.awaitingCode({ ownerId, messenger: 'telegram', address: '+12015550123', state: { hash: 'h' } }, t0);
      await sessions.add(pending);
      const active = connected(ownerId);
      await sessions.add(active);
      pending.attemptRejected(t0);
      await txHost.withTransaction(() => sessions.save(pending));
      expect((await sessions.find(ownerId, pending.id, false))?.snapshot().attempts).toBe(1);
      expect((await sessions.list(ownerId, null, 10)).map((s) => s.id)).toEqual([active.id, pending.id]);
      expect((await sessions.list(ownerId, active.id, 10)).map((s) => s.id)).toEqual([pending.id]);
      expect(await sessions.expireOverdue(new Date())).toBeGreaterThanOrEqual(1);
      expect(await row(pending.id)).toMatchObject({ status: 'expired', reason: 'the code was not entered in time', secrets: null, expires_at: null });
      expect((await row(active.id)).status).toBe('active');
    });
  });

  describe('PgSenderSessions', () => {
    it('finds sessions with their secrets decrypted, and marks one expired with the reason', async () => {
      const session = connected();
      await sessions.add(session);
      const ownerId = session.snapshot().ownerId;
      expect(await senders.find(ownerId, session.id)).toEqual({
        status: 'active',
        session: { id: session.id, ownerId, messenger: 'telegram', address: '+12015550123', secrets: { session: 'SESSION-STRING' } },
      });
      expect(await senders.find(uuidV7(), session.id)).toBeNull();
      const many = await senders.findMany([session.id, uuidV7()]);
      expect([...many.keys()]).toEqual([session.id]);
      await senders.markExpired(session.id, 'AUTH_KEY_UNREGISTERED');
      expect(await senders.find(ownerId, session.id)).toMatchObject({ status: 'expired', session: { secrets: {} } });
      expect(await row(session.id)).toMatchObject({ status: 'expired', reason: 'AUTH_KEY_UNREGISTERED', secrets: null });
    });

    it('reads a pending session past its time as expired', async () => {
      const session = Session.awaitingCode({ ownerId: uuidV7(), messenger: 'telegram', address: '+12015550123', state: {} }, new Date(Date.now() - CODE_TTL_MS));
      await sessions.add(session);
      expect((await senders.find(session.snapshot().ownerId, session.id))?.status).toBe('expired');
    });
  });

  it('rotates keys: with the old key as SESSION_ENCRYPTION_KEY_PREVIOUS old rows still open, and a save re-encrypts them under the new key', async () => {
    const session = connected(uuidV7(), { token: 'rotate-me' });
    await sessions.add(session);
    const before = (await row(session.id)).secrets as string;
    const rotated = await messagingWith({ SESSION_ENCRYPTION_KEY: NEW_KEY, SESSION_ENCRYPTION_KEY_PREVIOUS: OLD_KEY });
    try {
      const repository = rotated.get(SessionRepository);
      const found = await repository.find(session.snapshot().ownerId, session.id);
      expect(found?.secrets).toEqual({ token: 'rotate-me' });
      await repository.save(found!);
      const after = (await row(session.id)).secrets as string;
      expect(after.split('.')[1]).not.toBe(before.split('.')[1]);
      const newOnly = await messagingWith({ SESSION_ENCRYPTION_KEY: NEW_KEY });
      try {
        expect((await newOnly.get(SessionRepository).find(session.snapshot().ownerId, session.id))?.secrets).toEqual({ token: 'rotate-me' });
      } finally {
        await newOnly.close();
      }
    } finally {
      await rotated.close();
    }
  }, 30_000);
});
