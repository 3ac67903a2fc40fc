import { Readable } from 'node:stream';
import { DomainEvent } from '@app/shared-kernel';
import { FileRepository } from '../application/ports/file.repository';
import { FileStorage } from '../application/ports/file-storage';
import { ByteRange } from '../domain/byte-range';
import { FileName } from '../domain/file-name.vo';
import { FileContent, StoredFile } from '../domain/stored-file.aggregate';

export const OWNER_ID = '0190a000-0000-7000-8000-0000000000a1';
export const OTHER_OWNER_ID = '0190a000-0000-7000-8000-0000000000b2';

/** Stores snapshots, as a database would: a handler that forgets to save changes nothing here. */
export class InMemoryFileRepository extends FileRepository {
  readonly files = new Map<string, StoredFile>();
  readonly published: DomainEvent[] = [];

  async save(file: StoredFile): Promise<void> {
    this.published.push(...file.pullEvents());
    this.files.set(file.id, StoredFile.restore(file.snapshot()));
  }

  async findOwnedForUpdate(ownerId: string, id: string): Promise<StoredFile | null> {
    const state = this.files.get(id)?.snapshot();
    return state && state.ownerId === ownerId && state.status === 'stored' ? StoredFile.restore(state) : null;
  }

  async findForUpdate(id: string): Promise<StoredFile | null> {
    const file = this.files.get(id);
    return file ? StoredFile.restore(file.snapshot()) : null;
  }

  async remove(file: StoredFile): Promise<void> {
    if (this.files.get(file.id)?.snapshot().status === 'uploading') this.files.delete(file.id);
  }

  async abandonedUploads(before: Date, limit: number): Promise<StoredFile[]> {
    return [...this.files.values()]
      .map((file) => file.snapshot())
      .filter((state) => state.status === 'uploading' && state.createdAt < before)
      .slice(0, limit)
      .map((state) => StoredFile.restore(state));
  }

  stored(id: string): ReturnType<StoredFile['snapshot']> {
    return this.files.get(id)!.snapshot();
  }
}

/** Keeps the bytes in memory; can be told to fail its next put or delete. */
export class InMemoryFileStorage extends FileStorage {
  readonly objects = new Map<string, Buffer>();
  readonly deleted: string[] = [];
  /** Bytes that reached `put`, kept or not. */
  received = 0;
  failNextPut: Error | null = null;
  failNextDelete: Error | null = null;
  healthy = true;

  async put(key: string, content: Readable): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of content) {
        chunks.push(chunk as Buffer);
        this.received += (chunk as Buffer).length;
        if (this.failNextPut) throw this.failNextPut;
      }
    } catch (error) {
      this.failNextPut = null;
      content.destroy();
      // why: like the S3 adapter, which aborts its multipart upload before it reports the error.
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw error;
    }
    this.objects.set(key, Buffer.concat(chunks));
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`nothing stored under ${key}`);
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
  }

  async delete(key: string): Promise<void> {
    const failure = this.failNextDelete;
    this.failNextDelete = null;
    if (failure) throw failure;
    this.deleted.push(key);
    this.objects.delete(key);
  }

  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  async check(): Promise<void> {
    if (!this.healthy) throw new Error('storage unreachable');
  }
}

export const A_CSV = 'phone,name\n+15550100,Ada\n';

export function aStoredFile(fields: { ownerId?: string; name?: string; content?: Partial<FileContent> } = {}, now?: Date): StoredFile {
  const file = StoredFile.begin(fields.ownerId ?? OWNER_ID, FileName.of(fields.name ?? 'list.csv'), now);
  file.markStored({ size: A_CSV.length, sha256: 'a'.repeat(64), contentType: 'text/csv', ...fields.content }, now);
  file.pullEvents();
  return file;
}

/** A stream of `chunks`, each read as a Buffer; it fails with `error` after them when one is given. */
export function streamOf(chunks: (string | Buffer)[], error?: Error): Readable {
  return Readable.from(
    (async function* () {
      for (const chunk of chunks) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (error) throw error;
    })(),
  );
}
