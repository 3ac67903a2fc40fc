import { Page } from '@app/shared-kernel';
import { FileView } from '../queries/get-file/file.view';

/** Reads for the files context, answered with SQL straight into views: an owner sees only their stored, undeleted files. */
export abstract class FileReadModel {
  abstract file(ownerId: string, id: string): Promise<FileView | null>;
  /** Newest first. */
  abstract files(ownerId: string, after: string | null, limit: number): Promise<Page<FileView>>;
  /** The file and where its bytes are. */
  abstract storedObject(ownerId: string, id: string): Promise<{ file: FileView; storageKey: string } | null>;
}
