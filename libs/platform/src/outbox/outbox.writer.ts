import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { PreparedStatement, runPrepared } from '../persistence/prepared-statement';
import { OutboxMessage } from './outbox-message';

export const OUTBOX_CHANNEL = 'missive_outbox';

/** What a repository writes in the same statement as its outbox rows. */
export interface OutboxWrite {
  /** Names the prepared statement; one name, one `ctes` text. */
  name: string;
  /** Data-modifying CTEs, `a AS (INSERT …), b AS (…)`, on the parameters `$1…$n` given by `values`. */
  ctes: string;
  values: unknown[];
}

const insertRows = (rows: string) => `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id, available_at)
  SELECT id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id, coalesce(available_at, now())
    FROM jsonb_to_recordset(${rows}::jsonb) AS m(id uuid, type text, kind text, routing_key text, payload jsonb, headers jsonb,
         aggregate_type text, aggregate_id text, correlation_id text, available_at timestamptz)`;

// why: one round trip: the rows and the NOTIFY (delivered at commit) in one statement.
const APPEND: PreparedStatement = { name: 'platform.outbox-append', text: `WITH inserted AS (${insertRows('$1')}) SELECT pg_notify('${OUTBOX_CHANNEL}', '')` };

const MAKE_DUE: PreparedStatement = {
  name: 'platform.outbox-make-due',
  text: `UPDATE platform.outbox SET available_at = now()
          WHERE id IN (SELECT id FROM platform.outbox
                        WHERE aggregate_id = ANY($2::text[]) AND type = $1 AND published_at IS NULL AND dead_at IS NULL AND available_at > now()
                        FOR UPDATE SKIP LOCKED)`,
};

/**
 * Writes outbox rows in the caller's transaction — the only door out of it. Repositories call it
 * from `save()` with what the aggregate recorded; the relay is woken by NOTIFY when the transaction commits.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
  ) {}

  private readonly statements = new Map<string, PreparedStatement>();

  async append(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await runPrepared(this.txHost.tx, APPEND, [this.rows(messages)]);
  }

  /**
   * Runs `write` and appends these rows (NOTIFY too, when there are any) in one statement: one round trip, and
   * atomic on its own, so a write that is only this statement needs no transaction.
   */
  async appendWith(write: OutboxWrite, messages: OutboxMessage[]): Promise<void> {
    await runPrepared(this.txHost.tx, this.statementFor(write), [...write.values, this.rows(messages)]);
  }

  /**
   * Makes the pending rows of this type for these aggregates due now, in the caller's transaction: a command left
   * with nothing to do (a scheduled send whose message was cancelled) is consumed at once instead of at its due time,
   * and stops holding back its aggregate's later rows. A row the relay holds right now is left alone (SKIP LOCKED):
   * it is being consumed anyway, and waiting for it could deadlock with the handler it runs.
   */
  async makeDue(type: string, aggregateIds: readonly string[]): Promise<void> {
    if (aggregateIds.length === 0) return;
    await runPrepared(this.txHost.tx, MAKE_DUE, [type, aggregateIds]);
  }

  private rows(messages: OutboxMessage[]): string {
    const correlationId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    return JSON.stringify(messages.map((message) => toRow(message, correlationId)));
  }

  private statementFor({ name, ctes, values }: OutboxWrite): PreparedStatement {
    let statement = this.statements.get(name);
    if (!statement) {
      const rows = `$${values.length + 1}`;
      const text = `WITH ${ctes}, outbox_rows AS (${insertRows(rows)}) SELECT pg_notify('${OUTBOX_CHANNEL}', '') WHERE ${rows}::jsonb <> '[]'::jsonb`;
      statement = { name, text };
      this.statements.set(name, statement);
    }
    return statement;
  }
}

function toRow(message: OutboxMessage, correlationId: string | null) {
  return {
    id: message.id,
    type: message.type,
    kind: message.kind,
    routing_key: message.routingKey,
    payload: message.payload,
    headers: message.headers,
    aggregate_type: message.aggregateType,
    aggregate_id: message.aggregateId,
    correlation_id: message.correlationId ?? correlationId,
    available_at: message.availableAt?.toISOString() ?? null,
  };
}
