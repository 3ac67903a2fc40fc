import { OutboxKind } from '../outbox-message';

/** An outbox row claimed by the relay. */
export interface OutboxRow {
  id: string;
  type: string;
  kind: OutboxKind;
  routing_key: string;
  payload: Record<string, unknown>;
  headers: Record<string, string | number | boolean>;
  aggregate_type: string;
  aggregate_id: string;
  correlation_id: string | null;
  created_at: Date;
  attempts: number;
}

export type DispatchResult =
  | { id: string; outcome: 'published' }
  | { id: string; outcome: 'retry'; error: string; delayMs: number }
  | { id: string; outcome: 'dead'; error: string };

/**
 * How claimed rows leave: published to RabbitMQ with confirms (broker mode), or handed to the
 * in-process handlers (direct mode). A thrown error fails the whole batch, which stays in the outbox.
 */
export abstract class OutboxDispatch {
  abstract dispatch(rows: OutboxRow[]): Promise<DispatchResult[]>;
}
