import { ImportBatchDue } from '../../domain/import-batch-due.event';
import { ImportStatusChanged } from '../../domain/import-status-changed.event';
import { toOutboxMessages } from './importing.published-events';

const ID = '0190a000-0000-7000-8000-0000000000c1';
const OWNER = '0190a000-0000-7000-8000-0000000000a1';
const at = new Date('2026-12-02T10:00:00Z');
const counts = { staged: 10, processed: 4, valid: 3, invalid: 1 };

describe('importing published events', () => {
  it('publishes each status change as importing.import.<status>.v1, with the counts and the error', () => {
    const [row] = toOutboxMessages([new ImportStatusChanged(ID, OWNER, 'failed', at, 'messages', counts, 'missing_column', 'no phone column')]);

    expect(row).toMatchObject({ kind: 'event', type: 'importing.import.failed.v1', routingKey: 'importing.import.failed.v1', aggregateType: 'import', aggregateId: ID });
    expect(row.payload).toEqual({
      import_id: ID,
      owner_id: OWNER,
      import_type: 'messages',
      status: 'failed',
      counts,
      error_code: 'missing_column',
      error: 'no phone column',
      changed_at: '2026-12-02T10:00:00.000Z',
      schema_version: 1,
    });
  });

  it('queues the staging with the pending event, and a batch command for each batch due', () => {
    const rows = toOutboxMessages([new ImportStatusChanged(ID, OWNER, 'pending', at, 'messages'), new ImportBatchDue(ID, 2001, at)]);

    expect(rows.map(({ kind, type, payload }) => ({ kind, type, payload }))).toEqual([
      { kind: 'event', type: 'importing.import.pending.v1', payload: expect.objectContaining({ status: 'pending' }) },
      { kind: 'command', type: 'importing.stage-import', payload: { import_id: ID, schema_version: 1 } },
      { kind: 'command', type: 'importing.process-import-batch', payload: { import_id: ID, after_row: 2001, schema_version: 1 } },
    ]);
    expect(new Set(rows.map(({ aggregateId }) => aggregateId))).toEqual(new Set([ID]));
  });
});
