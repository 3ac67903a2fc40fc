import { Catch, RpcExceptionFilter } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom, Observable, throwError } from 'rxjs';
import { ConsumerBinding } from './topology';

/**
 * `@EventPattern(type, { queue })` on a consumer: the pattern is the routing key, the queue its durable queue.
 * With `batch: n` the consumer takes a `ConsumedBatch` of up to n messages instead of one payload; with `phased: true`
 * as well, a `PhasedBatch`, run with no transaction around it (it opens its own through the batch).
 */
export function bindingsOf(handlers: Map<string, MessageHandler>): ConsumerBinding[] {
  return [...handlers.entries()].map(([pattern, handler]) => {
    const { queue, batch, phased } = (handler.extras ?? {}) as { queue?: unknown; batch?: unknown; phased?: unknown };
    if (typeof queue !== 'string') throw new Error(`The consumer of ${pattern} names no queue: use @EventPattern('${pattern}', { queue: 'dispatcher.…' })`);
    if (batch !== undefined && !(Number.isInteger(batch) && (batch as number) > 0)) throw new Error(`The consumer of ${pattern} asks for batches of ${String(batch)}: use a whole number above 0`);
    const binding: ConsumerBinding = { queue, routingKey: pattern, kind: /\.v\d+$/.test(pattern) ? 'event' : 'command' };
    if (phased === true && batch === undefined) throw new Error(`The consumer of ${pattern} is phased without batches: add batch: n`);
    if (batch === undefined) return binding;
    return phased === true ? { ...binding, batch: batch as number, phased: true } : { ...binding, batch: batch as number };
  });
}

/** Calls a Nest message handler and settles its result, Observable or not. */
export async function invokeHandler(handler: MessageHandler, payload: unknown): Promise<unknown> {
  const result: unknown = await handler(payload);
  return isObservable(result) ? lastValueFrom(result as Observable<unknown>, { defaultValue: undefined }) : result;
}

/** Keeps a handler's own error, which decides between retry and dead letter (Nest's default filter would replace it). */
@Catch()
export class RethrowRpcErrors implements RpcExceptionFilter {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}

type ModuleLike = Function | { module: Function; imports?: unknown[]; controllers?: Function[] };

/**
 * The consumer bindings a module declares, read from its controllers' `@EventPattern` metadata without
 * starting anything: what `npm run topology:export` writes to the definitions file.
 */
export function bindingsOfModule(root: ModuleLike): ConsumerBinding[] {
  const seen = new Set<unknown>();
  const handlers = new Map<string, MessageHandler>();
  const visit = (node: unknown) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const type = typeof node === 'function' ? node : (node as { module: Function }).module;
    const dynamic = typeof node === 'function' ? {} : (node as { imports?: unknown[]; controllers?: Function[] });
    const imports = [...(Reflect.getMetadata('imports', type) ?? []), ...(dynamic.imports ?? [])];
    const controllers: Function[] = [...(Reflect.getMetadata('controllers', type) ?? []), ...(dynamic.controllers ?? [])];
    for (const controller of controllers) {
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const method = controller.prototype[key];
        const patterns: unknown[] | undefined = typeof method === 'function' ? Reflect.getMetadata('microservices:pattern', method) : undefined;
        const extras = typeof method === 'function' ? Reflect.getMetadata('microservices:pattern_extras', method) : undefined;
        for (const pattern of patterns ?? []) handlers.set(String(pattern), Object.assign(async () => undefined, { extras }) as unknown as MessageHandler);
      }
    }
    imports.forEach(visit);
  };
  visit(root);
  return bindingsOf(handlers);
}
