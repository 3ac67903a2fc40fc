import { ImportBatchDue } from './import-batch-due.event';
import { ImportStatusChanged } from './import-status-changed.event';
import { Import } from './import.aggregate';
import { IllegalImportTransition } from './import.errors';

const t0 = new Date('2026-12-01T10:00:00Z');
const started = () => Import.start({ ownerId: 'owner', fileId: 'file', importType: 'messages', config: { text: 'Hi {{name}}' } }, t0);
const statuses = (events: unknown[]) => events.map((event) => (event as ImportStatusChanged).status);

describe('Import', () => {
  it('starts pending and records it', () => {
    const item = started();
    expect(item.snapshot()).toMatchObject({ status: 'pending', columns: null, counts: { staged: 0, processed: 0, valid: 0, invalid: 0 }, lastStagedRow: 0 });
    expect(statuses(item.pullEvents())).toEqual(['pending']);
  });

  it('stages in batches, keeping the last row committed, then processes to completed', () => {
    const item = started();
    item.beginStaging();
    item.stagedBatch(2, 3);
    item.stagedBatch(1, 7);
    item.finishStaging(['name', 'phone']);
    item.beginProcessing();
    item.processedBatch({ rows: 2, valid: 2, invalid: 0, lastRow: 5, exhausted: false });
    expect(item.status).toBe('processing');
    item.processedBatch({ rows: 1, valid: 1, invalid: 0, lastRow: 7, exhausted: false });
    expect(item.snapshot()).toMatchObject({ status: 'completed', columns: ['name', 'phone'], counts: { staged: 3, processed: 3, valid: 3, invalid: 0 }, lastStagedRow: 7, lastProcessedRow: 7 });
    const events = item.pullEvents();
    expect(statuses(events.filter((event) => event instanceof ImportStatusChanged))).toEqual(['pending', 'staging', 'staged', 'processing', 'completed']);
    expect(events.filter((event) => event instanceof ImportBatchDue).map((event) => (event as ImportBatchDue).afterRow)).toEqual([0, 5]);
    expect(events.at(-1)).toMatchObject({ status: 'completed', importType: 'messages', counts: { staged: 3, processed: 3, valid: 3, invalid: 0 } });
  });

  it('completes with errors when any row was invalid', () => {
    const item = started();
    item.beginStaging();
    item.stagedBatch(3, 4);
    item.finishStaging(['phone']);
    item.beginProcessing();
    item.processedBatch({ rows: 3, valid: 1, invalid: 2, lastRow: 4, exhausted: false });
    expect(item.snapshot()).toMatchObject({ status: 'completed_with_errors', counts: { valid: 1, invalid: 2 } });
  });

  it('completes when a batch finds no rows left, even if fewer were processed than staged', () => {
    const item = started();
    item.beginStaging();
    item.stagedBatch(2, 3);
    item.finishStaging(['phone']);
    item.beginProcessing();
    item.processedBatch({ rows: 1, valid: 1, invalid: 0, lastRow: 2, exhausted: true });
    expect(item.status).toBe('completed');
  });

  it('lets a dispatcher take up staging again without a second event', () => {
    const item = started();
    item.beginStaging();
    item.pullEvents();
    item.beginStaging();
    expect(item.pullEvents()).toEqual([]);
  });

  it('keeps the reason a file was refused', () => {
    const item = started();
    item.beginStaging();
    item.fail('legacy_xls', 'a legacy .xls');
    expect(item.snapshot()).toMatchObject({ status: 'failed', errorCode: 'legacy_xls', error: 'a legacy .xls' });
    expect(item.pullEvents().at(-1)).toMatchObject({ status: 'failed', errorCode: 'legacy_xls', error: 'a legacy .xls' });
    expect(item.isOver).toBe(true);
  });

  it('refuses to move on from an end state', () => {
    const item = started();
    item.cancel();
    expect(() => item.beginStaging()).toThrow(IllegalImportTransition);
    expect(() => item.fail('x', 'y')).toThrow(IllegalImportTransition);
    expect(item.snapshot()).toMatchObject({ status: 'cancelled', errorCode: null });
  });
});
