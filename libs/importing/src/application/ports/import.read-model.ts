import { Page } from '@app/shared-kernel';
import { ImportRowErrorView, ImportView } from '../queries/get-import/import.view';

/** Reads for the importing context, answered with SQL straight into views; an owner sees only their own imports. */
export abstract class ImportReadModel {
  abstract import(ownerId: string, id: string): Promise<ImportView | null>;
  /** Newest first. */
  abstract imports(ownerId: string, filter: { importType: string | null; cursor: string | null; limit: number }): Promise<Page<ImportView>>;
  /** In row order; null when the import is not the owner's. The cursor is opaque. */
  abstract errors(ownerId: string, importId: string, cursor: string | null, limit: number): Promise<Page<ImportRowErrorView> | null>;
}
