import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { FileDeleted } from './file-deleted.event';
import { FileName } from './file-name.vo';
import { FileUploaded } from './file-uploaded.event';
import { IllegalFileTransition } from './file.errors';

export type FileStatus = 'uploading' | 'stored';

/** What the upload learned from the bytes themselves. */
export interface FileContent {
  size: number;
  sha256: string;
  contentType: string;
}

export interface StoredFileState {
  id: string;
  ownerId: string;
  name: string;
  /** Where the bytes are: Missive's own key, never the client's name. */
  storageKey: string;
  status: FileStatus;
  size: number | null;
  contentType: string | null;
  sha256: string | null;
  createdAt: Date;
  storedAt: Date | null;
  deletedAt: Date | null;
  objectRemovedAt: Date | null;
}

/**
 * A file a user uploaded. It is `uploading` while its bytes stream to storage (only a sweep ever sees it
 * then), `stored` once they all arrived; deleting it hides it at once and has its bytes removed after.
 */
export class StoredFile extends AggregateRoot {
  private constructor(private readonly state: StoredFileState) {
    super();
  }

  static begin(ownerId: string, name: FileName, now = new Date()): StoredFile {
    const id = uuidV7(now.getTime());
    return new StoredFile({
      id,
      ownerId,
      name: name.value,
      storageKey: `${ownerId}/${id}`,
      status: 'uploading',
      size: null,
      contentType: null,
      sha256: null,
      createdAt: now,
      storedAt: null,
      deletedAt: null,
      objectRemovedAt: null,
    });
  }

  static restore(state: StoredFileState): StoredFile {
    return new StoredFile({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  get storageKey(): string {
    return this.state.storageKey;
  }

  get isDeleted(): boolean {
    return this.state.deletedAt !== null;
  }

  get isObjectRemoved(): boolean {
    return this.state.objectRemovedAt !== null;
  }

  snapshot(): Readonly<StoredFileState> {
    return { ...this.state };
  }

  markStored(content: FileContent, now = new Date()): void {
    if (this.state.status !== 'uploading') throw new IllegalFileTransition(this.id, 'stored', this.state.status);
    Object.assign(this.state, { status: 'stored', ...content, storedAt: now });
    const { id, ownerId, name } = this.state;
    this.record(new FileUploaded(id, ownerId, name, content.size, content.contentType, content.sha256, now));
  }

  /** Hides the file from its owner; the bytes are removed afterwards (see {@link FileDeleted}). Deleting twice changes nothing. */
  delete(now = new Date()): void {
    if (this.state.status !== 'stored') throw new IllegalFileTransition(this.id, 'deleted', this.state.status);
    if (this.isDeleted) return;
    this.state.deletedAt = now;
    this.record(new FileDeleted(this.id, this.state.ownerId, now));
  }

  markObjectRemoved(now = new Date()): void {
    if (!this.isDeleted) throw new IllegalFileTransition(this.id, 'removed from storage', 'not deleted');
    this.state.objectRemovedAt ??= now;
  }
}
