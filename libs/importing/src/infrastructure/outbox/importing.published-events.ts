import { asyncCommand, integrationEvent, OutboxMessage } from '@app/platform';
import { DomainEvent } from '@app/shared-kernel';
import { importStatusChangedV1, ImportStatusChangedV1 } from '../../contracts/import-status-changed.v1';
import { PROCESS_IMPORT_BATCH, ProcessImportBatchPayload } from '../../contracts/process-import-batch.command';
import { STAGE_IMPORT, StageImportPayload } from '../../contracts/stage-import.command';
import { ImportBatchDue } from '../../domain/import-batch-due.event';
import { ImportStatusChanged } from '../../domain/import-status-changed.event';

const AGGREGATE_TYPE = 'import';

/**
 * The outbox rows for what an import recorded: each status change published, the staging command once it is
 * pending, and each batch's command when it is due.
 */
export function toOutboxMessages(events: readonly DomainEvent[]): OutboxMessage[] {
  return events.flatMap((event): OutboxMessage[] => {
    const aggregate = { type: AGGREGATE_TYPE, id: event.aggregateId };
    if (event instanceof ImportBatchDue) {
      const payload: ProcessImportBatchPayload = { import_id: event.aggregateId, after_row: event.afterRow, schema_version: 1 };
      return [asyncCommand(PROCESS_IMPORT_BATCH, payload, aggregate)];
    }
    if (!(event instanceof ImportStatusChanged)) return [];
    const payload: ImportStatusChangedV1 = {
      import_id: event.aggregateId,
      owner_id: event.ownerId,
      import_type: event.importType,
      status: event.status,
      counts: { ...event.counts },
      error_code: event.errorCode,
      error: event.error,
      changed_at: event.occurredAt.toISOString(),
    };
    const published = integrationEvent({
      type: importStatusChangedV1(event.status),
      schemaVersion: 1,
      aggregateType: AGGREGATE_TYPE,
      aggregateId: event.aggregateId,
      occurredAt: payload.changed_at,
      payload,
    });
    if (event.status !== 'pending') return [published];
    const stage: StageImportPayload = { import_id: event.aggregateId, schema_version: 1 };
    return [published, asyncCommand(STAGE_IMPORT, stage, aggregate)];
  });
}
