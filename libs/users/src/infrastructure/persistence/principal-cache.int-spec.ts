import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { PlatformModule, PlatformSettings } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { until } from '../../../../../test/process';
import { testConfig } from '../../../../../test/test-config';
import { PrincipalView } from '../../application/queries/authenticate/principal.view';
import { PRINCIPALS_CHANNEL, PrincipalCache } from './principal-cache';

describe('PrincipalCache on PostgreSQL', () => {
  let module: TestingModule;
  let cache: PrincipalCache;
  let data: DataSource;

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig())], providers: [PrincipalCache] }).compile();
    await module.init();
    cache = module.get(PrincipalCache);
    data = module.get(DataSource);
    // why: the LISTEN statement shows in pg_stat_activity before the cache hears that it succeeded; only then does it keep entries.
    await until(() => cache.isListening, 'the cache listening');
  });

  afterAll(async () => {
    await module.close();
  });

  const principal = (userId = uuidV7()): PrincipalView => ({ userId, role: 'user', sessionId: uuidV7() });
  const counting = (found: PrincipalView | null, expiresAt?: Date) => {
    const load = Object.assign(async () => (load.calls++, found && { principal: found, expiresAt }), { calls: 0 });
    return load;
  };
  const notify = (userId: string) => data.query('SELECT pg_notify($1, $2)', [PRINCIPALS_CHANNEL, userId]);

  it('answers a principal it has seen without loading it again, and never keeps a miss', async () => {
    const alice = principal();
    const load = counting(alice);
    const miss = counting(null);

    expect(await cache.get('k1', load)).toEqual(alice);
    expect(await cache.get('k1', load)).toEqual(alice);
    expect(await cache.get('k2', miss)).toBeNull();
    expect(await cache.get('k2', miss)).toBeNull();

    expect(load.calls).toBe(1);
    expect(miss.calls).toBe(2);
  });

  it("drops a user's principals when another process NOTIFYs a change for that user, and only theirs", async () => {
    const bob = principal();
    const carol = principal();
    const loadBob = counting(bob);
    const loadCarol = counting(carol);
    await cache.get('bob', loadBob);
    await cache.get('carol', loadCarol);

    await notify(bob.userId);
    await until(async () => (await cache.get('bob', loadBob), loadBob.calls === 2), "bob's principal loaded again");

    await cache.get('carol', loadCarol);
    expect(loadCarol.calls).toBe(1);
  });

  it('drops them at once in the process that made the change, before it commits', async () => {
    const dave = principal();
    const load = counting(dave);
    await cache.get('dave', load);
    const txHost = module.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost);

    await txHost.withTransaction(async () => {
      await cache.changed(txHost, dave.userId);
      await cache.get('dave', load);
    });

    expect(load.calls).toBe(2);
  });

  it('does not keep what it loaded while a change was heard', async () => {
    const erin = principal();
    let release!: () => void;
    const slow = Object.assign(
      async () => {
        slow.calls++;
        if (slow.calls === 1) await new Promise<void>((resolve) => (release = resolve));
        return { principal: erin };
      },
      { calls: 0 },
    );
    const pending = cache.get('erin', slow);
    await until(() => slow.calls === 1, 'the load to start');
    await notify(uuidV7());
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await pending;

    await cache.get('erin', slow);
    expect(slow.calls).toBe(2);
  });

  it("keeps a principal no longer than its session's expiry", async () => {
    const load = counting(principal(), new Date(Date.now() + 50));
    await cache.get('frank', load);
    await new Promise((resolve) => setTimeout(resolve, 80));

    await cache.get('frank', load);
    expect(load.calls).toBe(2);
  });

  it('keeps nothing while it has no LISTEN connection', async () => {
    const offline = new PrincipalCache(testConfig().get(PlatformSettings));
    const load = counting(principal());

    await offline.get('gina', load);
    await offline.get('gina', load);

    expect(load.calls).toBe(2);
  });
});
