import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { bindingsOf } from '../../amqp/consumer-bindings';
import { ConsumerBinding } from '../../amqp/topology';

/**
 * Direct mode's in-process transport: it collects the same `@EventPattern` consumers the AMQP transport
 * would serve, and `DirectDispatch` hands outbox rows straight to them. No broker involved.
 */
export class DirectTransport extends Server implements CustomTransportStrategy {
  private bindings: ConsumerBinding[] = [];
  private markListening!: () => void;
  /** Settles once the consumers are bound: the relay loop starts at bootstrap, which may come first. */
  readonly listening = new Promise<void>((resolve) => (this.markListening = resolve));

  listen(callback: () => void): void {
    this.bindings = bindingsOf(this.getHandlers());
    this.markListening();
    callback();
  }

  close(): void {
    this.bindings = [];
  }

  on(): never {
    throw new Error('DirectTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this as unknown as T;
  }

  /** The consumers of a routing key, with their handlers. */
  consumersOf(routingKey: string): { binding: ConsumerBinding; handler: MessageHandler }[] {
    return this.bindings
      .filter((binding) => binding.routingKey === routingKey)
      .map((binding) => ({ binding, handler: this.getHandlerByPattern(binding.routingKey)! }));
  }
}
