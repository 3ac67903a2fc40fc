import type { Message } from 'amqplib';
import { ACK_WAIT_MS, ChannelAcks } from './channel-acks';

const delivery = (tag: number) => ({ fields: { deliveryTag: tag }, properties: { messageId: `m${tag}` } }) as unknown as Message;

function channel() {
  const frames: string[] = [];
  return {
    frames,
    ack: (message: Message, multiple = false) => frames.push(`ack ${message.fields.deliveryTag}${multiple ? ' multiple' : ''}`),
    nack: (message: Message) => frames.push(`nack ${message.fields.deliveryTag}`),
  };
}

describe('ChannelAcks', () => {
  afterEach(() => jest.useRealTimers());

  it('acks a settled run of deliveries with one multiple ack', () => {
    const fake = channel();
    const acks = new ChannelAcks(fake, () => undefined);
    const tracked = [1, 2, 3].map((tag) => acks.track(delivery(tag)));

    acks.ack(tracked);

    expect(fake.frames).toEqual(['ack 3 multiple']);
    expect(acks.outstanding).toBe(0);
  });

  it('never acks past a delivery that is still open, and acks up to it once it is settled', () => {
    const fake = channel();
    const acks = new ChannelAcks(fake, () => undefined);
    const [first, second, third] = [1, 2, 3].map((tag) => acks.track(delivery(tag)));

    acks.ack([second, third]);
    expect(fake.frames).toEqual([]);
    acks.ack([first]);

    expect(fake.frames).toEqual(['ack 3 multiple']);
  });

  it('does not end a multiple ack on a delivery it nacked, which the channel no longer holds', () => {
    const fake = channel();
    const acks = new ChannelAcks(fake, () => undefined);
    const [first, second] = [1, 2].map((tag) => acks.track(delivery(tag)));

    acks.ack([first]);
    acks.requeue(second);

    expect(fake.frames).toEqual(['ack 1 multiple', 'nack 2']);
    expect(acks.outstanding).toBe(0);
  });

  it('acks a settled delivery stuck behind a slow one on its own after a short wait', () => {
    jest.useFakeTimers();
    const fake = channel();
    const acks = new ChannelAcks(fake, () => undefined);
    const [slow, quick] = [1, 2].map((tag) => acks.track(delivery(tag)));

    acks.ack([quick]);
    jest.advanceTimersByTime(ACK_WAIT_MS - 1);
    expect(fake.frames).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fake.frames).toEqual(['ack 2']);

    acks.ack([slow]);
    expect(fake.frames).toEqual(['ack 2', 'ack 1 multiple']);
  });

  it('flushes every settled delivery on shutdown and reports acks the closed channel refused', () => {
    const refused: string[] = [];
    const acks = new ChannelAcks(
      {
        ack: () => {
          throw new Error('Channel closed');
        },
        nack: () => undefined,
      },
      (error, message) => refused.push(`${message.properties.messageId}: ${(error as Error).message}`),
    );
    const [, settled] = [1, 2].map((tag) => acks.track(delivery(tag)));

    acks.ack([settled]);
    acks.flush();

    expect(refused).toEqual(['m2: Channel closed']);
    expect(acks.outstanding).toBe(1);
  });
});
