import { FakeConnection, FakeTelegram } from './fake-telegram.testing';
import { GramjsClientFactory } from './gramjs-client.factory';
import { TelegramClientPool } from './telegram-client.pool';

describe('TelegramClientPool', () => {
  let telegram: FakeTelegram;
  let pool: TelegramClientPool;

  const open = async (session: string) => {
    const connection = telegram.create(session);
    await connection.connect();
    return connection;
  };

  beforeEach(() => {
    telegram = new FakeTelegram();
    pool = new TelegramClientPool(open, 2, 1_000);
  });

  afterEach(async () => {
    await pool.close();
  });

  it('hands back the same connected client for a session', async () => {
    const first = await pool.connection('s1', 'key-1');

    expect(await pool.connection('s1', 'key-1')).toBe(first);
    expect(telegram.connections).toHaveLength(1);
  });

  it('disconnects the least recently used client to stay within its bound', async () => {
    const one = (await pool.connection('s1', 'key-1')) as FakeConnection;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const two = (await pool.connection('s2', 'key-2')) as FakeConnection;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await pool.connection('s1', 'key-1');

    const three = (await pool.connection('s3', 'key-3')) as FakeConnection;

    expect([one.connected, two.connected, three.connected]).toEqual([true, false, true]);
    expect(pool.size).toBe(2);
  });

  it('disconnects clients idle for longer than its idle time, and all of them on close', async () => {
    const idle = (await pool.connection('s1', 'key-1')) as FakeConnection;
    const other = (await pool.connection('s2', 'key-2')) as FakeConnection;

    await pool.sweep(Date.now() + 1_000);
    expect([idle.connected, other.connected, pool.size]).toEqual([false, false, 0]);

    const again = (await pool.connection('s1', 'key-1')) as FakeConnection;
    await pool.close();
    expect(again.connected).toBe(false);
  });

  it('forgets a client whose connection failed, so the next send tries again', async () => {
    let attempts = 0;
    const flaky = new TelegramClientPool(async (session) => (++attempts === 1 ? Promise.reject(new Error('connection reset')) : open(session)), 2, 1_000);

    await expect(flaky.connection('s1', 'key-1')).rejects.toThrow('connection reset');
    await expect(flaky.connection('s1', 'key-1')).resolves.toBeInstanceOf(FakeConnection);
    await flaky.close();
  });

  it('makes real GramJS clients that hand back their StringSession', () => {
    expect(new GramjsClientFactory().create('', 12345, 'hash').sessionString()).toBe('');
  });
});
