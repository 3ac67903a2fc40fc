import { randomBytes } from 'node:crypto';
import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PlatformModule } from '@app/platform';
import { testConfig } from '../../../../../test/test-config';
import { ApiKeyRepository } from '../../application/ports/api-key.repository';
import { AuthSessionRepository } from '../../application/ports/auth-session.repository';
import { UserReadModel } from '../../application/ports/user.read-model';
import { UserRepository } from '../../application/ports/user.repository';
import { ApiKey } from '../../domain/api-key.aggregate';
import { AuthSession } from '../../domain/auth-session.aggregate';
import { Email } from '../../domain/email.vo';
import { User, UserRole } from '../../domain/user.aggregate';
import { EmailAlreadyTaken } from '../../domain/user.errors';
import { UsersModule } from '../../users.module';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomHash = () => randomBytes(32).toString('hex');
const UNKNOWN_ID = '0190a000-0000-7000-8000-00000000dead';

let counter = 0;
function uniqueEmail(): string {
  counter += 1;
  return `int-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}

describe('users persistence on PostgreSQL', () => {
  let moduleRef: TestingModule;
  let users: UserRepository;
  let sessions: AuthSessionRepository;
  let apiKeys: ApiKeyRepository;
  let reads: UserReadModel;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig()), UsersModule] }).compile();
    users = moduleRef.get(UserRepository);
    sessions = moduleRef.get(AuthSessionRepository);
    apiKeys = moduleRef.get(ApiKeyRepository);
    reads = moduleRef.get(UserReadModel);
    txHost = moduleRef.get(TransactionHost);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
  });

  const savedUser = async (role: UserRole = 'user', now = new Date()) => {
    const user = User.register(Email.of(uniqueEmail()), `$argon2id$hash-${randomHash()}`, role, now);
    await users.save(user);
    return user;
  };
  const savedSession = async (userId: string) => {
    const session = AuthSession.open(userId, randomHash(), HOUR);
    await sessions.save(session);
    return session;
  };
  const savedApiKey = async (ownerId: string, name = 'ci', now = new Date()) => {
    const apiKey = ApiKey.issue(ownerId, name, `msv_${randomBytes(4).toString('hex')}`, randomHash(), now);
    await apiKeys.save(apiKey);
    return apiKey;
  };
  const findSession = (id: string) => txHost.withTransaction(() => sessions.findForUpdate(id));

  describe('TypeOrmUserRepository', () => {
    it('finds a saved user by id with its email, role, password hash and creation time', async () => {
      const user = await savedUser('admin', new Date('2026-01-02T03:04:05.678Z'));

      const found = await users.findById(user.id);

      expect(found).toBeInstanceOf(User);
      expect(found).toMatchObject({ id: user.id, role: 'admin', passwordHash: user.passwordHash, email: { value: user.email.value } });
      expect(found?.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    });

    it('finds a saved user by email, whatever its case, and nobody by an unknown id or email', async () => {
      const user = await savedUser();

      const found = await users.findByEmail(Email.of(user.email.value.toUpperCase()));

      expect(found?.id).toBe(user.id);
      await expect(users.findById(UNKNOWN_ID)).resolves.toBeNull();
      await expect(users.findByEmail(Email.of(uniqueEmail()))).resolves.toBeNull();
    });

    it('tells whether an email is taken', async () => {
      const user = await savedUser();

      await expect(users.existsByEmail(user.email)).resolves.toBe(true);
      await expect(users.existsByEmail(Email.of(uniqueEmail()))).resolves.toBe(false);
    });

    it('refuses a second user with the same email at the database, as EmailAlreadyTaken', async () => {
      const user = await savedUser();
      const twin = User.register(Email.of(user.email.value), 'another-hash', 'user');

      await expect(users.save(twin)).rejects.toThrow(new EmailAlreadyTaken(user.email.value));
      await expect(users.findById(twin.id)).resolves.toBeNull();
    });

    it('persists a promotion', async () => {
      const user = await savedUser();
      user.promote();

      await users.save(user);

      expect((await users.findById(user.id))?.role).toBe('admin');
      expect((await users.findByEmail(user.email))?.role).toBe('admin');
    });
  });

  describe('TypeOrmAuthSessionRepository', () => {
    it('finds a saved session with its whole state, and none for an unknown id', async () => {
      const user = await savedUser();
      const session = await savedSession(user.id);

      const found = await findSession(session.id);

      expect(found).toBeInstanceOf(AuthSession);
      expect(found?.snapshot()).toEqual(session.snapshot());
      await expect(findSession(UNKNOWN_ID)).resolves.toBeNull();
    });

    it('persists a rotation and a revocation', async () => {
      const user = await savedUser();
      const session = await savedSession(user.id);
      const revokedAt = new Date('2026-05-06T07:08:09.010Z');
      session.refresh(session.snapshot().refreshTokenHash, 'next-hash');
      session.revoke('logged out', revokedAt);

      await sessions.save(session);

      expect((await findSession(session.id))?.snapshot()).toMatchObject({ refreshTokenHash: 'next-hash', generation: 2, revokedAt, revokedReason: 'logged out' });
    });

    it('locks the session until the transaction ends, so a second reader waits for the first to commit', async () => {
      const session = await savedSession((await savedUser()).id);
      const events: string[] = [];
      let firstHoldsIt!: () => void;
      const held = new Promise<void>((resolve) => (firstHoldsIt = resolve));

      const first = txHost.withTransaction(async () => {
        const mine = await sessions.findForUpdate(session.id);
        events.push('first got the row');
        firstHoldsIt();
        await sleep(300);
        mine!.revoke('rotated elsewhere');
        await sessions.save(mine!);
        events.push('first commits');
      });
      const second = held.then(() =>
        txHost.withTransaction(async () => {
          const theirs = await sessions.findForUpdate(session.id);
          events.push('second got the row');
          return theirs;
        }),
      );
      const [, seenBySecond] = await Promise.all([first, second]);

      expect(events).toEqual(['first got the row', 'first commits', 'second got the row']);
      expect(seenBySecond?.snapshot().revokedReason).toBe('rotated elsewhere');
    });
  });

  describe('TypeOrmApiKeyRepository', () => {
    it('finds a saved key of its owner with its whole state, and none for another owner', async () => {
      const [owner, stranger] = [await savedUser(), await savedUser()];
      const apiKey = await savedApiKey(owner.id, 'billing worker');

      const found = await apiKeys.findOwned(apiKey.id, owner.id);

      expect(found).toBeInstanceOf(ApiKey);
      expect(found?.snapshot()).toEqual(apiKey.snapshot());
      await expect(apiKeys.findOwned(apiKey.id, stranger.id)).resolves.toBeNull();
    });

    it('persists a revocation', async () => {
      const owner = await savedUser();
      const apiKey = await savedApiKey(owner.id);
      apiKey.revoke(new Date('2026-07-08T09:10:11.012Z'));

      await apiKeys.save(apiKey);

      expect((await apiKeys.findOwned(apiKey.id, owner.id))?.snapshot().revokedAt).toEqual(new Date('2026-07-08T09:10:11.012Z'));
    });
  });

  describe('SqlUserReadModel', () => {
    it('shows the current user with an ISO creation time, and nobody for an unknown id', async () => {
      const user = await savedUser('admin', new Date('2026-02-03T04:05:06.789Z'));

      await expect(reads.currentUser(user.id)).resolves.toEqual({
        id: user.id,
        email: user.email.value,
        role: 'admin',
        created_at: '2026-02-03T04:05:06.789Z',
      });
      await expect(reads.currentUser(UNKNOWN_ID)).resolves.toBeNull();
    });

    it('authenticates the user of a live session with their role', async () => {
      const user = await savedUser('admin');
      const session = await savedSession(user.id);

      await expect(reads.principalOfSession(user.id, session.id)).resolves.toEqual({ userId: user.id, role: 'admin', sessionId: session.id });
    });

    it('authenticates nobody with a revoked session', async () => {
      const user = await savedUser();
      const session = await savedSession(user.id);
      session.revoke('logged out');
      await sessions.save(session);

      await expect(reads.principalOfSession(user.id, session.id)).resolves.toBeNull();
    });

    it('authenticates nobody with an expired session', async () => {
      const user = await savedUser();
      const opened = AuthSession.open(user.id, randomHash(), HOUR, new Date(Date.now() - 2 * HOUR));
      const session = AuthSession.restore({ ...opened.snapshot(), expiresAt: new Date(Date.now() - 1_000) });
      await sessions.save(session);

      await expect(reads.principalOfSession(user.id, session.id)).resolves.toBeNull();
    });

    it('authenticates nobody with the session of another user', async () => {
      const [owner, intruder] = [await savedUser(), await savedUser()];
      const session = await savedSession(owner.id);

      await expect(reads.principalOfSession(intruder.id, session.id)).resolves.toBeNull();
    });

    it('authenticates the owner of an API key by its hash', async () => {
      const owner = await savedUser();
      const apiKey = await savedApiKey(owner.id);

      await expect(reads.principalOfApiKey(apiKey.snapshot().keyHash)).resolves.toEqual({ userId: owner.id, role: 'user', apiKeyId: apiKey.id });
      await expect(reads.principalOfApiKey(randomHash())).resolves.toBeNull();
    });

    it('authenticates nobody with a revoked API key, and lists it as revoked', async () => {
      const owner = await savedUser();
      const apiKey = await savedApiKey(owner.id);
      apiKey.revoke(new Date('2026-07-08T09:10:11.012Z'));
      await apiKeys.save(apiKey);

      await expect(reads.principalOfApiKey(apiKey.snapshot().keyHash)).resolves.toBeNull();
      expect((await reads.apiKeys(owner.id, null, 10)).items[0].revoked_at).toBe('2026-07-08T09:10:11.012Z');
    });

    describe('apiKeys', () => {
      const t0 = Date.now() - HOUR;
      const ownerWithKeys = async (count: number) => {
        const owner = await savedUser();
        const keys: ApiKey[] = [];
        for (let i = 0; i < count; i += 1) keys.push(await savedApiKey(owner.id, `key ${i}`, new Date(t0 + i * 1_000)));
        return { owner, newestFirst: keys.reverse().map((key) => key.id) };
      };

      it('lists only the keys of the owner, newest first, with ISO times and without their hashes', async () => {
        const { owner, newestFirst } = await ownerWithKeys(3);
        await savedApiKey((await savedUser()).id);

        const page = await reads.apiKeys(owner.id, null, 10);

        expect(page.items.map((item) => item.id)).toEqual(newestFirst);
        const created_at = new Date(t0 + 2_000).toISOString();
        expect(page.items[0]).toEqual({ id: newestFirst[0], name: 'key 2', prefix: expect.stringMatching(/^msv_/), created_at, revoked_at: null });
        expect(page.next_cursor).toBeNull();
      });

      it('pages through the keys without overlap, with a cursor only while more remain', async () => {
        const { owner, newestFirst } = await ownerWithKeys(5);

        const first = await reads.apiKeys(owner.id, null, 2);
        const second = await reads.apiKeys(owner.id, first.next_cursor, 2);
        const third = await reads.apiKeys(owner.id, second.next_cursor, 2);

        const ids = [first, second, third].map((page) => page.items.map((item) => item.id));
        expect(ids).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
        expect([first.next_cursor, second.next_cursor, third.next_cursor]).toEqual([newestFirst[1], newestFirst[3], null]);
      });

      it('gives no cursor when the page ends exactly at the last key', async () => {
        const { owner, newestFirst } = await ownerWithKeys(4);

        const first = await reads.apiKeys(owner.id, null, 2);
        const second = await reads.apiKeys(owner.id, first.next_cursor, 2);

        expect(first.next_cursor).toBe(newestFirst[1]);
        expect(second.items.map((item) => item.id)).toEqual(newestFirst.slice(2));
        expect(second.next_cursor).toBeNull();
        expect((await reads.apiKeys(owner.id, null, 4)).next_cursor).toBeNull();
        expect((await reads.apiKeys(owner.id, null, 3)).next_cursor).toBe(newestFirst[2]);
      });
    });
  });
});
