import type { WriteStream } from 'node:fs';
import { access, constants, mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStorage } from '../../application/ports/file-storage';
import { ByteRange } from '../../domain/byte-range';

const INCOMING = '.incoming';
/** Path segments of letters, digits, `.`, `_` and `-` that start with a letter or digit: no `..`, no absolute path. */
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const WRITE_CHUNK = 1024 * 1024;
const READ_CHUNK = 256 * 1024;

/**
 * Files in a folder (`DATA_DIR/files` for the all-in-one process). An upload is written to `.incoming/`,
 * synced to disk, then renamed into place: a reader never sees half a file, and a failed upload leaves none.
 */
export class LocalDiskFileStorage extends FileStorage {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, content: Readable): Promise<void> {
    const target = this.pathOf(key);
    const incoming = this.incomingPathOf(key);
    let file: { handle: FileHandle; sink: WriteStream } | undefined;
    try {
      await mkdir(dirname(incoming), { recursive: true });
      const handle = await open(incoming, 'wx', 0o640);
      file = { handle, sink: handle.createWriteStream({ autoClose: false, highWaterMark: WRITE_CHUNK }) };
      await pipeline(content, file.sink);
      await handle.sync();
      await close(file);
      await mkdir(dirname(target), { recursive: true });
      await rename(incoming, target);
    } catch (error) {
      content.destroy();
      if (file) await close(file).catch(() => undefined);
      await rm(incoming, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const handle = await open(this.pathOf(key), 'r');
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: READ_CHUNK });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
    await rm(this.incomingPathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async check(): Promise<void> {
    await mkdir(join(this.root, INCOMING), { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
    return join(this.root, key);
  }

  private incomingPathOf(key: string): string {
    return join(this.root, INCOMING, `${this.pathOf(key).slice(this.root.length + 1).replaceAll('/', '.')}.part`);
  }
}

// why: a FileHandle's close() waits for the streams made from it, and one made with autoClose: false (so that the
// file can be synced before it is closed) must be destroyed first.
async function close({ handle, sink }: { handle: FileHandle; sink: WriteStream }): Promise<void> {
  sink.destroy();
  await handle.close();
}
