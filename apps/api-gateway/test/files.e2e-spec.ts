import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { csvOf, filesSuite, filesUnder, multipartBody, Part, sha256, UPLOAD } from './files';
import { Session, UUID, bearer, expectProblem, signUp } from './gateway';

const MiB = 2 ** 20;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('POST /v1/files/upload', () => {
  const suite = filesSuite();

  const rowsOf = (session: Session) => suite.gateway.app.get(DataSource).query('SELECT id, status FROM files.files WHERE owner_id = $1', [session.id]);
  const onDisk = (session: Session) => filesUnder(join(suite.dataDir, 'files')).filter((path) => path.includes(session.id));
  const expectNothingLeft = async (session: Session) => {
    expect(await rowsOf(session)).toEqual([]);
    expect(onDisk(session)).toEqual([]);
    expect(filesUnder(join(suite.dataDir, 'files', '.incoming'))).toEqual([]);
  };

  it('stores a 1 MiB CSV and answers 201 with its metadata; the download has the same sha256', async () => {
    const content = csvOf(MiB);

    const reply = await suite.api.upload(suite.owner, content, 'recipients.csv');

    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'recipients.csv',
      size: MiB,
      content_type: 'text/csv',
      sha256: sha256(content),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(await suite.api.get(suite.owner, `/v1/files/${reply.body.id}`)).toMatchObject({ status: 200, body: reply.body });
    const download = await suite.api.get(suite.owner, `/v1/files/${reply.body.id}/content`);
    expect(download.status).toBe(200);
    expect(sha256(download.raw)).toBe(sha256(content));
    expect(download.headers).toMatchObject({
      'content-type': 'text/csv',
      'content-length': String(MiB),
      'content-disposition': `attachment; filename="recipients.csv"; filename*=UTF-8''recipients.csv`,
      etag: `"${sha256(content)}"`,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    });
    expect(onDisk(suite.owner)).toContain(`${suite.owner.id}/${reply.body.id}`);
  });

  it('publishes files.file-uploaded.v1 through the outbox', async () => {
    const file = await suite.api.uploaded(suite.owner);

    const rows = await suite.gateway.app.get(DataSource).query(`SELECT type, kind, payload FROM platform.outbox WHERE aggregate_id = $1`, [file.id]);

    expect(rows).toEqual([
      {
        type: 'files.file-uploaded.v1',
        kind: 'event',
        payload: expect.objectContaining({ file_id: file.id, owner_id: suite.owner.id, name: 'list.csv', size: 1000, content_type: 'text/csv', sha256: file.sha256, schema_version: 1 }),
      },
    ]);
  });

  it('reads the type from the bytes: a PNG named .csv is an image/png', async () => {
    const reply = await suite.api.upload(suite.owner, PNG, 'list.csv');

    expect(reply.body).toMatchObject({ name: 'list.csv', content_type: 'image/png' });
  });

  it('stores a path-traversal name as its last segment, its bytes under its own key, nothing outside DATA_DIR', async () => {
    const session = await signUp(suite.gateway);
    const passwd = readFileSync('/etc/passwd');

    const reply = await suite.api.upload(session, 'root,x\n', '../../etc/passwd');

    expect(reply.body.name).toBe('passwd');
    expect(onDisk(session)).toEqual([`${session.id}/${reply.body.id}`]);
    expect(readFileSync('/etc/passwd')).toEqual(passwd);
    expect((await suite.api.get(session, `/v1/files/${reply.body.id}/content`)).headers['content-disposition']).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
  });

  it('keeps a Unicode name and sends it back RFC 6266-encoded', async () => {
    const file = await suite.api.uploaded(suite.owner, 'a,b\n', 'Zürich ✓.csv');

    expect(file.name).toBe('Zürich ✓.csv');
    expect((await suite.api.get(suite.owner, `/v1/files/${file.id}/content`)).headers['content-disposition']).toBe(
      `attachment; filename="Z_rich _.csv"; filename*=UTF-8''Z%C3%BCrich%20%E2%9C%93.csv`,
    );
  });

  describe('refuses bad input with a clear 4xx, leaving no row and no bytes', () => {
    let session: Session;

    beforeEach(async () => {
      session = await signUp(suite.gateway);
    });

    it.each<[string, Part[], number, string]>([
      ['a form without a file part', [{ name: 'note', content: 'hello' }], 400, 'malformed_upload'],
      ['an empty form', [], 400, 'malformed_upload'],
      ['a file part not named "file"', [{ name: 'upload', filename: 'list.csv', content: 'a,b\n' }], 400, 'malformed_upload'],
      ['a field before the file', [{ name: 'note', content: 'hi' }, { name: 'file', filename: 'list.csv', content: 'a,b\n' }], 400, 'malformed_upload'],
      ['two files', [{ name: 'file', filename: 'a.csv', content: 'a,b\n' }, { name: 'file', filename: 'b.csv', content: 'c,d\n' }], 400, 'malformed_upload'],
      ['a file and a field after it', [{ name: 'file', filename: 'a.csv', content: 'a,b\n' }, { name: 'note', content: 'hi' }], 400, 'malformed_upload'],
      ['an empty file', [{ name: 'file', filename: 'empty.csv', content: '' }], 400, 'empty_file'],
      ['a file over UPLOAD_MAX_SIZE by one byte', [{ name: 'file', filename: 'big.csv', content: csvOf(2 * MiB + 1) }], 413, 'file_too_large'],
      ['a zip', [{ name: 'file', filename: 'list.csv', content: Buffer.from('PK\x03\x04\x14\x00\x00\x00\x00\x00notes.txt') }], 415, 'file_type_not_allowed'],
      ['an executable', [{ name: 'file', filename: 'list.csv', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]) }], 415, 'file_type_not_allowed'],
    ])('%s', async (_case, parts, status, code) => {
      const body = expectProblem(await suite.api.send(session, parts), status);

      expect(body.code).toBe(code);
      await expectNothingLeft(session);
    });

    it('accepts a file of exactly UPLOAD_MAX_SIZE', async () => {
      expect((await suite.api.upload(session, csvOf(2 * MiB))).status).toBe(201);
    });

    it('a multipart body cut short in the middle of the file', async () => {
      const { payload, contentType } = multipartBody([{ name: 'file', filename: 'list.csv', content: csvOf(200_000) }]);
      const headers = { ...bearer(session.access_token), 'content-type': contentType };

      const reply = await suite.gateway.request('POST', UPLOAD, { raw: payload.subarray(0, 150_000), headers });

      expect(expectProblem(reply, 400).detail).toMatch(/ended before the file did|cut short/);
      await expectNothingLeft(session);
    });

    it('a multipart body that ends after the file without its closing boundary', async () => {
      const { payload, contentType } = multipartBody([{ name: 'file', filename: 'list.csv', content: 'a,b\n1,2\n' }]);
      const headers = { ...bearer(session.access_token), 'content-type': contentType };

      expectProblem(await suite.gateway.request('POST', UPLOAD, { raw: payload.subarray(0, payload.length - 8), headers }), 400);
      await expectNothingLeft(session);
    });

    it('a body that is not multipart (415)', async () => {
      const reply = await suite.gateway.request('POST', UPLOAD, { body: { file: 'a,b' }, headers: bearer(session.access_token) });

      expect(expectProblem(reply, 415).detail).toContain('multipart/form-data');
    });

    it('a multipart type without a boundary', async () => {
      const headers = { ...bearer(session.access_token), 'content-type': 'multipart/form-data' };

      expectProblem(await suite.gateway.request('POST', UPLOAD, { raw: 'whatever', headers }), 400);
    });
  });

  it('names the accepted types when it refuses one (415)', async () => {
    const zip = await suite.api.send(suite.owner, [{ name: 'file', filename: 'a.zip', content: Buffer.from('PK\x03\x04\x14\x00\x00\x00\x00\x00notes.txt') }]);

    expect(expectProblem(zip, 415).detail).toBe(
      'Files of type application/zip are not accepted (the type is read from the content, not the name); accepted: ' +
        'text/csv, text/tab-separated-values, text/plain, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/pdf, image/*.',
    );
  });
});
