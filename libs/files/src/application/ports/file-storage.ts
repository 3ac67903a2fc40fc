import type { Readable } from 'node:stream';
import { ByteRange } from '../../domain/byte-range';

/**
 * Where the bytes of files live (a local folder, MinIO or S3). Keys are Missive's own (`<owner id>/<file id>`),
 * never a name a client chose. Every method may be called again after a failure or a crash.
 */
export abstract class FileStorage {
  /**
   * Reads `content` to its end and stores it under `key`, streaming: never the whole of it in memory. When
   * `content` fails or the store does, it rejects, stops reading `content`, and leaves nothing under `key`.
   */
  abstract put(key: string, content: Readable): Promise<void>;
  /** The bytes stored under `key`, or only those of `range`. */
  abstract get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes what is stored under `key`, and what an interrupted `put` may have left of it; nothing there is no error. */
  abstract delete(key: string): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
  /** Resolves when the store can take and serve files, creating the folder or bucket it needs; for readiness. */
  abstract check(): Promise<void>;
}
