import type { Channel, Message } from 'amqplib';

/** How long a settled delivery may wait for the deliveries before it, so that one multiple ack covers them all. */
export const ACK_WAIT_MS = 50;

type State = 'open' | 'settled' | 'done';

/** One delivery of a channel, from its arrival until it is acked or nacked. */
export interface Ack {
  readonly message: Message;
  state: State;
}

/**
 * The acks of one consumer channel. Every delivery is tracked as it arrives (in delivery-tag order, whatever its
 * consumer); when the oldest ones are settled, one `ack(…, multiple)` acks them all, instead of a frame each.
 * why: `multiple` acks every outstanding delivery up to its tag, so it is sent only for a tag whose every earlier
 * delivery is settled; a settled delivery stuck behind a slow one is acked alone after `ACK_WAIT_MS`, so a long
 * handler never holds the prefetch window of the channel.
 */
export class ChannelAcks {
  private readonly queue: Ack[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly channel: Pick<Channel, 'ack' | 'nack'>,
    private readonly onError: (error: unknown, message: Message) => void,
  ) {}

  /** Called for every delivery of the channel, in the order they arrive. */
  track(message: Message): Ack {
    const ack: Ack = { message, state: 'open' };
    this.queue.push(ack);
    return ack;
  }

  /** The deliveries are done with: acked now or soon, with the deliveries before them. */
  ack(acks: readonly Ack[]): void {
    for (const ack of acks) if (ack.state === 'open') ack.state = 'settled';
    this.advance();
  }

  /** The delivery goes back to its queue at once (it is no longer outstanding on the channel). */
  requeue(ack: Ack): void {
    if (ack.state === 'done') return;
    ack.state = 'done';
    this.send(ack, () => this.channel.nack(ack.message, false, true));
    this.advance();
  }

  /** Acks every settled delivery now, one by one where the ones before them are still open (on shutdown). */
  flush(): void {
    this.advance();
    this.ackStragglers();
  }

  /** Deliveries tracked and not yet acked or nacked. */
  get outstanding(): number {
    let count = 0;
    for (let index = this.head; index < this.queue.length; index++) if (this.queue[index].state !== 'done') count++;
    return count;
  }

  private advance(): void {
    let last: Ack | null = null;
    while (this.head < this.queue.length && this.queue[this.head].state !== 'open') {
      const ack = this.queue[this.head++];
      if (ack.state === 'settled') last = ack;
      ack.state = 'done';
    }
    if (this.head === this.queue.length || this.head > 1_024) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    const target = last;
    if (target) this.send(target, () => this.channel.ack(target.message, true));
    if (!this.timer && this.queue.some((ack) => ack.state === 'settled')) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.ackStragglers();
      }, ACK_WAIT_MS);
      this.timer.unref();
    }
  }

  private ackStragglers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const ack of this.queue) {
      if (ack.state !== 'settled') continue;
      ack.state = 'done';
      this.send(ack, () => this.channel.ack(ack.message));
    }
    this.advance();
  }

  private send(ack: Ack, frame: () => void): void {
    try {
      frame();
    } catch (error) {
      this.onError(error, ack.message);
    }
  }
}
