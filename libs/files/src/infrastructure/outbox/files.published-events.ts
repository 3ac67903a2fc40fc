import { asyncCommand, integrationEvent, OutboxMessage } from '@app/platform';
import { DomainEvent, IntegrationEvent } from '@app/shared-kernel';
import { FILE_UPLOADED_V1, FileUploadedV1 } from '../../contracts/file-uploaded.v1';
import { REMOVE_FILE_OBJECT, RemoveFileObjectPayload } from '../../contracts/remove-file-object.command';
import { FileDeleted } from '../../domain/file-deleted.event';
import { FileUploaded } from '../../domain/file-uploaded.event';

const AGGREGATE_TYPE = 'file';

/** The domain events of this context that other contexts may hear, as their published contracts. */
export function toIntegrationEvent(event: DomainEvent): IntegrationEvent | null {
  if (event instanceof FileUploaded) {
    const payload: FileUploadedV1 = {
      file_id: event.aggregateId,
      owner_id: event.ownerId,
      name: event.name,
      size: event.size,
      content_type: event.contentType,
      sha256: event.sha256,
      uploaded_at: event.occurredAt.toISOString(),
    };
    return { type: FILE_UPLOADED_V1, schemaVersion: 1, aggregateType: AGGREGATE_TYPE, aggregateId: event.aggregateId, occurredAt: payload.uploaded_at, payload };
  }
  return null;
}

/** The outbox rows for what a file recorded: its published events, and the removal of its bytes once it is deleted. */
export function toOutboxMessages(events: DomainEvent[]): OutboxMessage[] {
  return events.flatMap((event) => {
    if (event instanceof FileDeleted) {
      const payload: RemoveFileObjectPayload = { file_id: event.aggregateId, schema_version: 1 };
      return [asyncCommand(REMOVE_FILE_OBJECT, payload, { type: AGGREGATE_TYPE, id: event.aggregateId })];
    }
    const published = toIntegrationEvent(event);
    return published ? [integrationEvent(published)] : [];
  });
}
