import { FileDeleted } from '../../domain/file-deleted.event';
import { FileUploaded } from '../../domain/file-uploaded.event';
import { toIntegrationEvent, toOutboxMessages } from './files.published-events';

const FILE_ID = '0190a000-0000-7000-8000-000000000002';
const OWNER_ID = '0190a000-0000-7000-8000-000000000001';
const AT = new Date('2026-03-04T05:06:07.089Z');
const SHA256 = 'ab'.repeat(32);

describe('files published events', () => {
  it('publishes FileUploaded as files.file-uploaded.v1', () => {
    const uploaded = new FileUploaded(FILE_ID, OWNER_ID, 'list.csv', 1234, 'text/csv', SHA256, AT);

    expect(toIntegrationEvent(uploaded)).toEqual({
      type: 'files.file-uploaded.v1',
      schemaVersion: 1,
      aggregateType: 'file',
      aggregateId: FILE_ID,
      occurredAt: '2026-03-04T05:06:07.089Z',
      payload: {
        file_id: FILE_ID,
        owner_id: OWNER_ID,
        name: 'list.csv',
        size: 1234,
        content_type: 'text/csv',
        sha256: SHA256,
        uploaded_at: '2026-03-04T05:06:07.089Z',
      },
    });
    expect(toOutboxMessages([uploaded])).toEqual([
      expect.objectContaining({ kind: 'event', routingKey: 'files.file-uploaded.v1', payload: expect.objectContaining({ schema_version: 1, file_id: FILE_ID }) }),
    ]);
  });

  it('turns FileDeleted into one files.remove-object command on the file, and publishes nothing', () => {
    const deleted = new FileDeleted(FILE_ID, OWNER_ID, AT);

    expect(toIntegrationEvent(deleted)).toBeNull();
    expect(toOutboxMessages([deleted])).toEqual([
      expect.objectContaining({
        type: 'files.remove-object',
        kind: 'command',
        routingKey: 'files.remove-object',
        payload: { file_id: FILE_ID, schema_version: 1 },
        aggregateType: 'file',
        aggregateId: FILE_ID,
      }),
    ]);
  });
});
