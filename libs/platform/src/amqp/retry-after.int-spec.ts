import { randomBytes } from 'node:crypto';
import { uuidV7 } from '@app/shared-kernel';
import { until } from '../../../../test/process';
import { consumersOnRabbitMq } from '../testing/consumers-on-rabbitmq';
import { rateLimitedConsumer } from '../testing/rate-limited.consumer';
import { EXCHANGES } from './topology';

const RUN = randomBytes(4).toString('hex');
const COMMAND = `test${RUN}.send-later`;
const QUEUE = `dispatcher.test${RUN}.send-later`;
const SCHEDULE = [100, 1_500, 3_000];

const { consumer: SendLaterConsumer, attempts } = rateLimitedConsumer(COMMAND, QUEUE);

describe("a provider's wait on RabbitMQ", () => {
  let rabbit: Awaited<ReturnType<typeof consumersOnRabbitMq>>;

  beforeAll(async () => {
    rabbit = await consumersOnRabbitMq([SendLaterConsumer], [QUEUE], SCHEDULE);
  }, 30_000);

  afterAll(() => rabbit?.close());

  const publish = async (payload: object) => {
    rabbit.channel.publish(EXCHANGES.commands, COMMAND, Buffer.from(JSON.stringify(payload)), { messageId: uuidV7(), type: COMMAND, persistent: true });
    await rabbit.channel.waitForConfirms();
  };
  const gapOf = (id: string) => attempts.get(id)![1] - attempts.get(id)![0];

  it('retries after the wait the failure asked for, rounded up to a scheduled delay, instead of the first step', async () => {
    await publish({ id: 'wait-2s', waitMs: 2_000 });
    await publish({ id: 'wait-1s', waitMs: 1_000 });

    await until(() => attempts.get('wait-2s')?.length === 2 && attempts.get('wait-1s')?.length === 2, 'both retried', 15_000);

    expect(gapOf('wait-2s')).toBeGreaterThanOrEqual(3_000);
    expect(gapOf('wait-1s')).toBeGreaterThanOrEqual(1_500);
    expect(gapOf('wait-1s')).toBeLessThan(3_000);
  }, 20_000);

  it('waits no longer than the longest scheduled delay, whatever the failure asked for', async () => {
    await publish({ id: 'wait-hour', waitMs: 3_600_000 });

    await until(() => attempts.get('wait-hour')?.length === 2, 'retried', 15_000);

    expect(gapOf('wait-hour')).toBeGreaterThanOrEqual(3_000);
    expect(gapOf('wait-hour')).toBeLessThan(6_000);
  }, 20_000);
});
