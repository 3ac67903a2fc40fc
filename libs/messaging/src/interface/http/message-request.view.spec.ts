import type { ImportView } from '@app/importing';
import { RequestMessageCounts } from '../../application/queries/get-request-message-counts/request-message-counts';
import { messageRequestView } from './message-request.view';

const START = '2026-12-01T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000);
const none: RequestMessageCounts = { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0 };

function request(status: ImportView['status'], counts: Partial<ImportView['counts']> = {}, error: Partial<ImportView> = {}): ImportView {
  return {
    id: 'r-1',
    file_id: 'f-1',
    import_type: 'messages',
    status,
    counts: { rows: null, staged: 0, processed: 0, valid: 0, invalid: 0, ...counts },
    error_code: null,
    error: null,
    created_at: START,
    updated_at: START,
    ...error,
  };
}

describe('messageRequestView', () => {
  it('knows no percentage, rate or ETA while the rows are not yet counted', () => {
    const view = messageRequestView(request('staging', { staged: 500 }), none, at(5));
    expect(view).toMatchObject({ done: false, percentage: 0, rate: null, eta_seconds: null, counts: { rows: null, staged: 500 } });
  });

  it('counts a row finished once refused or its message has gone out, and derives the rate and ETA from those', () => {
    const messages = { queued: 300, sending: 100, sent: 450, delivered: 50, failed: 0 };
    const view = messageRequestView(request('processing', { rows: 2000, staged: 2000, processed: 1000, valid: 900, invalid: 100 }), messages, at(10));
    // 1000 processed − 400 still on their way = 600 finished (100 refused + 500 sent or delivered)
    expect(view).toMatchObject({ done: false, percentage: 30, rate: 60, eta_seconds: 24 });
    expect(view.counts).toEqual({ rows: 2000, staged: 2000, processed: 1000, valid: 900, invalid: 100, ...messages });
  });

  it('is not done when the import completed but messages are still queued or sending', () => {
    const completed = request('completed_with_errors', { rows: 10, staged: 10, processed: 10, valid: 8, invalid: 2 });
    expect(messageRequestView(completed, { ...none, queued: 1, sent: 7 }, at(1))).toMatchObject({ done: false, percentage: 90 });
    expect(messageRequestView(completed, { ...none, sending: 1, sent: 7 }, at(1)).done).toBe(false);
    expect(messageRequestView(completed, { ...none, sent: 6, delivered: 1, failed: 1 }, at(1))).toMatchObject({ done: true, percentage: 100, eta_seconds: 0 });
  });

  it('is done when cancelled or failed once nothing is being sent, with the reason of a failure', () => {
    expect(messageRequestView(request('cancelled', { rows: 10, processed: 4, valid: 4 }), { ...none, queued: 6, sent: 4 }, at(1)).done).toBe(true);
    expect(messageRequestView(request('cancelled', { rows: 10, processed: 4, valid: 4 }), { ...none, sending: 1, sent: 3 }, at(1)).done).toBe(false);
    const failed = messageRequestView(request('failed', {}, { error_code: 'legacy_xls', error: 'an .xls file' }), none, at(1));
    expect(failed).toMatchObject({ done: true, error: { code: 'legacy_xls', message: 'an .xls file' } });
  });

  it('is 100% for a file of no rows', () => {
    expect(messageRequestView(request('processing', { rows: 0 }), none, at(1)).percentage).toBe(100);
  });
});
