import { IntegrationEvent, uuidV7 } from '@app/shared-kernel';

export type OutboxKind = 'command' | 'event';

/** One row of the transactional outbox: a command or an integration event waiting to leave. */
export interface OutboxMessage {
  id: string;
  type: string;
  kind: OutboxKind;
  routingKey: string;
  payload: object;
  headers: Record<string, string | number | boolean>;
  aggregateType: string;
  aggregateId: string;
  correlationId: string | null;
  availableAt: Date | null;
}

/** An async command: exactly one handler, on `missive.commands` with its name as routing key. */
export function asyncCommand(type: string, payload: object, aggregate: { type: string; id: string }): OutboxMessage {
  return message('command', type, payload, aggregate.type, aggregate.id);
}

/** An integration event: any number of subscribers, on `missive.events` with its type as routing key. */
export function integrationEvent(event: IntegrationEvent): OutboxMessage {
  return message('event', event.type, { ...event.payload, schema_version: event.schemaVersion }, event.aggregateType, event.aggregateId);
}

function message(kind: OutboxKind, type: string, payload: object, aggregateType: string, aggregateId: string): OutboxMessage {
  return {
    id: uuidV7(),
    type,
    kind,
    routingKey: type,
    payload,
    headers: {},
    aggregateType,
    aggregateId,
    correlationId: null,
    availableAt: null,
  };
}
