import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { Entry, ZipFile } from 'yauzl';
import { ImportFileRefused } from '../../../domain/import-file.errors';
import { TableLimits } from '../../../domain/table-limits';

// why: a small part may legitimately unpack to hundreds of times its size (a run of blanks); the ratio only matters
// where the bytes add up.
const RATIO_APPLIES_FROM = 1024 * 1024;

/**
 * An XLSX file's zip, spooled to a temporary file so its parts can be read in any order (the shared strings may come
 * after the sheet) without holding it in memory. The central directory is checked against the limits before any
 * part is unpacked, so a zip bomb is refused at once; yauzl then holds every part to the size it declared.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly dir: string,
  ) {}

  static async open(content: Readable, fileName: string, limits: TableLimits): Promise<ZipArchive> {
    const dir = await mkdtemp(join(tmpdir(), 'missive-xlsx-'));
    try {
      const path = join(dir, 'workbook.xlsx');
      await pipeline(content, createWriteStream(path));
      const zip = await new Promise<ZipFile>((resolve, reject) =>
        yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, opened) => (error ? reject(error) : resolve(opened))),
      ).catch((error: Error) => {
        throw new ImportFileRefused('malformed_xlsx', `${fileName} is not a readable XLSX file (${error.message}).`);
      });
      const entries = await readDirectory(zip);
      checkLimits(entries, fileName, limits);
      return new ZipArchive(zip, entries, dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's unpacked bytes, streamed; null when the archive has no such part. */
  async read(name: string): Promise<Readable | null> {
    const entry = this.entries.get(name);
    if (!entry) return null;
    return new Promise((resolve, reject) => this.zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
  }

  async close(): Promise<void> {
    this.zip.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function readDirectory(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function checkLimits(entries: Map<string, Entry>, fileName: string, limits: TableLimits): void {
  let total = 0;
  for (const entry of entries.values()) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_APPLIES_FROM && ratio > limits.maxCompressionRatio) {
      throw new ImportFileRefused(
        'xlsx_compression_ratio',
        `${fileName} would unpack ${entry.fileName} to ${Math.round(ratio)} times its size (a zip bomb?); at most ${limits.maxCompressionRatio} times is allowed.`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new ImportFileRefused('xlsx_too_large', `${fileName} unpacks to ${mib(total)} MiB; at most ${mib(limits.maxUncompressedBytes)} MiB is allowed.`);
  }
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
