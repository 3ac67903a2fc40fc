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
    item.processedBatch(2, 0);
    expect(item.status).toBe('processing');
    item.processedBatch(1, 0);
    expect(item.snapshot()).toMatchObject({ status: 'completed', columns: ['name', 'phone'], counts: { staged: 3, processed: 3, valid: 3, invalid: 0 }, lastStagedRow: 7 });
    expect(statuses(item.pullEvents())).toEqual(['pending', 'staging', 'staged', 'processing', 'completed']);
  });

  it('completes with errors when any row was invalid', () => {
    const item = started();
    item.beginStaging();
    item.stagedBatch(3, 4);
    item.finishStaging(['phone']);
    item.beginProcessing();
    item.processedBatch(1, 2);
    expect(item.snapshot()).toMatchObject({ status: 'completed_with_errors', counts: { valid: 1, invalid: 2 } });
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
    expect(item.isOver).toBe(true);
  });

  it('refuses to move on from an end state', () => {
    const item = started();
    item.cancel();
    expect(() => item.beginStaging()).toThrow(IllegalImportTransition);
    expect(() => item.fail('x', 'y')).toThrow(IllegalImportTransition);
  });
});
