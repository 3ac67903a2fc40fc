import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, Gateway, Session, signUp, startGateway } from './gateway';

export interface Part {
  name: string;
  /** A file part when set; a plain field when not. */
  filename?: string;
  content: string | Buffer;
  type?: string;
}

/** A multipart/form-data body of these parts, as a browser or curl -F sends it. */
export function multipartBody(parts: Part[], boundary = `missive-${randomUUID()}`): { payload: Buffer; contentType: string } {
  const chunks = parts.flatMap(({ name, filename, content, type }) => {
    const disposition = `form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}`;
    const headers = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${filename === undefined ? '' : `Content-Type: ${type ?? 'application/octet-stream'}\r\n`}\r\n`;
    return [Buffer.from(headers), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from('\r\n')];
  });
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const UPLOAD = '/v1/files/upload';

export function sha256(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `bytes` bytes of CSV: a header row, then rows. */
export function csvOf(bytes: number): Buffer {
  const rows = ['phone,name,locale\n'];
  for (let i = 0, size = rows[0].length; size < bytes; i += 1) {
    const row = `+1555${String(i).padStart(7, '0')},Person ${i},en\n`;
    rows.push(row);
    size += row.length;
  }
  return Buffer.from(rows.join('')).subarray(0, bytes);
}

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

/** The files routes of a gateway, as a user calls them. */
export function filesApi(gateway: Gateway) {
  const send = (session: Session, parts: Part[]) => {
    const { payload, contentType } = multipartBody(parts);
    return gateway.request('POST', UPLOAD, { raw: payload, headers: { ...bearer(session.access_token), 'content-type': contentType } });
  };
  const upload = (session: Session, content: string | Buffer, filename = 'list.csv') => send(session, [{ name: 'file', filename, content, type: 'text/csv' }]);
  const uploaded = async (session: Session, content: string | Buffer = csvOf(1000), filename = 'list.csv') => {
    const reply = await upload(session, content, filename);
    expect(reply.status).toBe(201);
    return reply.body as { id: string; name: string; size: number; sha256: string };
  };
  const get = (session: Session, path: string, headers: Record<string, string> = {}) => gateway.request('GET', path, { headers: { ...bearer(session.access_token), ...headers } });
  return { send, upload, uploaded, get };
}

export interface FilesGateway {
  gateway: Gateway;
  api: ReturnType<typeof filesApi>;
  /** The gateway's DATA_DIR, of its own: local storage keeps the bytes under its files/ folder. */
  dataDir: string;
  close(): Promise<void>;
}

/** A gateway with local storage in a DATA_DIR of its own, and uploads limited to 2 MiB. */
export async function startFilesGateway(): Promise<FilesGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-files-e2e-'));
  const gateway = await startGateway({ DATA_DIR: dataDir, UPLOAD_MAX_SIZE: '2MiB' });
  return {
    gateway,
    api: filesApi(gateway),
    dataDir,
    close: async () => {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A files gateway and a first user for a whole suite (its beforeAll and afterAll); read them inside the tests. */
export function filesSuite(): { gateway: Gateway; api: FilesGateway['api']; owner: Session; dataDir: string } {
  let files: FilesGateway | undefined;
  let owner: Session | undefined;
  beforeAll(async () => {
    files = await startFilesGateway();
    owner = await signUp(files.gateway);
  });
  afterAll(() => files?.close());
  return {
    get gateway() {
      return files!.gateway;
    },
    get api() {
      return files!.api;
    },
    get owner() {
      return owner!;
    },
    get dataDir() {
      return files!.dataDir;
    },
  };
}
