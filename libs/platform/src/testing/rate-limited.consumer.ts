import { Controller, Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ConsumedBatch } from '../inbox/consumed-batch';

/** A failure that asks for a wait, as a provider's rate limit does. */
export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited: retry after ${retryAfterMs} ms`);
  }
}

/**
 * A batch consumer of `command` on `queue` that fails each message's first attempt with a `RateLimited` of the
 * message's `waitMs`, and records the time of every attempt by the message's `id`.
 */
export function rateLimitedConsumer(command: string, queue: string): { consumer: Type; attempts: Map<string, number[]> } {
  const attempts = new Map<string, number[]>();

  @Controller()
  class RateLimitedConsumer {
    @EventPattern<string>(command, { queue, batch: 10 })
    handle(@Payload() batch: ConsumedBatch<{ id: string; waitMs: number }>) {
      for (const item of batch.items) {
        const times = [...(attempts.get(item.payload.id) ?? []), Date.now()];
        attempts.set(item.payload.id, times);
        if (times.length === 1) batch.fail(item, new RateLimited(item.payload.waitMs));
      }
    }
  }

  return { consumer: RateLimitedConsumer, attempts };
}
