import { Command } from '@nestjs/cqrs';
import { ImportView } from '../../queries/get-import/import.view';

/**
 * Cancels the owner's import: no further batch runs, and its type undoes what is not yet done (for messages: those not
 * yet handed to a provider). Answers the import as it now is; `ImportNotFound`, or `ImportAlreadyOver` (409) when it ended.
 */
export class CancelImportCommand extends Command<ImportView> {
  readonly ownerId: string;
  readonly importId: string;

  constructor({ ownerId, importId }: { ownerId: string; importId: string }) {
    super();
    this.ownerId = ownerId;
    this.importId = importId;
  }
}
