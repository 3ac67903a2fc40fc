import { Command } from '@nestjs/cqrs';

export interface StartImport {
  ownerId: string;
  /** One of the owner's stored files (`POST /v1/files/upload`). */
  fileId: string;
  /** A registered import type (`messages`…). */
  importType: string;
  /** The type's config, checked against its schema; `unknown_columns` and `column_mapping` are the engine's. */
  config: Record<string, unknown>;
  correlationId?: string | null;
}

/**
 * Starts an import: checks the type, its config and the file, stores the import `pending`, and queues its staging.
 * `UnknownImportType` / `InvalidImportConfig` (or the type's own domain errors) when the request is wrong,
 * `ImportFileNotFound` when the file is not the owner's.
 */
export class StartImportCommand extends Command<{ id: string }> {
  readonly ownerId: string;
  readonly fileId: string;
  readonly importType: string;
  readonly config: Record<string, unknown>;
  readonly correlationId: string | null;

  constructor({ ownerId, fileId, importType, config, correlationId = null }: StartImport) {
    super();
    this.ownerId = ownerId;
    this.fileId = fileId;
    this.importType = importType;
    this.config = config;
    this.correlationId = correlationId;
  }
}
