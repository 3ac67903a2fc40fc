import { Readable } from 'node:stream';
import { uuidV7 } from '@app/shared-kernel';
import { ImportFile, ImportFiles } from '../application/ports/import-files';
import { ImportFileNotFound } from '../domain/import.errors';

interface HeldFile extends ImportFile {
  ownerId: string;
  bytes: Buffer;
  /** Opens left that die (as a dispatcher killed mid-read would) after this many bytes. */
  dying: { afterBytes: number; times: number } | null;
}

/** Files held in memory, owned by their owner only; a file can be told to break off while it is read. */
export class InMemoryImportFiles extends ImportFiles {
  private readonly files = new Map<string, HeldFile>();
  opened = 0;

  add(ownerId: string, content: string | Buffer, name = 'recipients.csv'): string {
    const id = uuidV7();
    this.files.set(id, { id, name, ownerId, bytes: Buffer.isBuffer(content) ? content : Buffer.from(content), dying: null });
    return id;
  }

  /** The next `times` reads of the file fail after `afterBytes` bytes. */
  breakOff(id: string, afterBytes: number, times = 1): void {
    this.files.get(id)!.dying = { afterBytes, times };
  }

  async find(ownerId: string, fileId: string): Promise<ImportFile | null> {
    const file = this.files.get(fileId);
    return file && file.ownerId === ownerId ? { id: file.id, name: file.name } : null;
  }

  async open(ownerId: string, fileId: string): Promise<Readable> {
    const file = this.files.get(fileId);
    if (!file || file.ownerId !== ownerId) throw new ImportFileNotFound(fileId);
    this.opened += 1;
    const chunks = chunksOf(file.bytes, 16 * 1024);
    if (!file.dying || file.dying.times === 0) return Readable.from(chunks);
    file.dying.times -= 1;
    const { afterBytes } = file.dying;
    return Readable.from(
      (async function* () {
        let sent = 0;
        for (const chunk of chunks) {
          if (sent >= afterBytes) throw new Error('connection reset: the dispatcher died while reading');
          sent += chunk.length;
          yield chunk;
        }
      })(),
    );
  }
}

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}
