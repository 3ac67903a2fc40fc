import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { Readable } from 'node:stream';

const MiB = 2 ** 20;

/** 64 KiB of CSV rows, repeated as often as a large file needs. */
const CSV_BLOCK = (() => {
  const rows: string[] = [];
  for (let i = 0, size = 0; size < 64 * 1024; i += 1) {
    const row = `+1555${String(i).padStart(7, '0')},Person ${i},en\n`;
    rows.push(row);
    size += row.length;
  }
  return Buffer.from(rows.join('')).subarray(0, 64 * 1024);
})();

export interface Transfer {
  status: number;
  body: string;
  bytes: number;
  sha256: string;
  seconds: number;
}

/** `size` bytes of CSV (`Infinity`: endless), a header row and then rows, chunk by chunk. */
export function* csvPieces(size: number): Generator<Buffer> {
  let sent = 0;
  for (let piece = Buffer.from('phone,name,locale\n'); sent < size; piece = CSV_BLOCK) {
    const cut = piece.subarray(0, Math.min(piece.length, size - sent));
    sent += cut.length;
    yield cut;
  }
}

/**
 * `size` bytes of CSV (`Infinity`: until the server answers) as the `file` part of a multipart POST, generated
 * chunk by chunk and hashed on the way (unless `hash` is false): the test process never holds the file.
 */
export function uploadCsv(port: number, token: string, size: number, { hash: hashing = true } = {}): Promise<Transfer> {
  const boundary = `missive-${randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  let bytes = 0;
  const body = Readable.from(
    (function* () {
      yield head;
      for (const piece of csvPieces(size)) {
        if (hashing) hash.update(piece);
        bytes += piece.length;
        yield piece;
      }
      yield tail;
    })(),
  );
  const length = Number.isFinite(size) ? { 'content-length': String(head.length + size + tail.length) } : {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/files/upload',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...length },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        body.destroy();
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), bytes, sha256: hash.digest('hex'), seconds: (performance.now() - started) / 1000 });
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    body.pipe(request);
  });
}

/** GET of a file's content, hashed as it streams in (unless `hash` is false). */
export function downloadFile(port: number, token: string, id: string, { hash: hashing = true } = {}): Promise<Transfer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/v1/files/${id}/content`, headers: { authorization: `Bearer ${token}` } }, (response) => {
        const hash = createHash('sha256');
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          if (hashing) hash.update(chunk);
          bytes += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: '', bytes, sha256: hash.digest('hex'), seconds: (performance.now() - started) / 1000 }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** A process's resident set now and at its peak, in MiB, from /proc. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Starts a new peak: Linux resets VmHWM to the current RSS when 5 is written to clear_refs. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export const mib = (bytes: number) => bytes / MiB;
