import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { csvOf, filesSuite, sha256, UPLOAD } from './files';
import { bearer, expectInvalidField, expectProblem, signUp } from './gateway';

describe('files: reads, ranges, lists, deletes, owners', () => {
  const suite = filesSuite();

  describe('GET /v1/files/:id/content with Range', () => {
    const content = csvOf(10_000);
    let id: string;

    beforeAll(async () => {
      id = (await suite.api.uploaded(suite.owner, content)).id;
    });

    const ranged = (range: string, extra: Record<string, string> = {}) => suite.api.get(suite.owner, `/v1/files/${id}/content`, { range, ...extra });

    it.each([
      ['bytes=0-99', 0, 99],
      ['bytes=9990-', 9990, 9999],
      ['bytes=-10', 9990, 9999],
      ['bytes=5000-99999', 5000, 9999],
    ])('answers %s with 206 and those bytes', async (range, start, end) => {
      const reply = await ranged(range);

      expect(reply.status).toBe(206);
      expect(reply.headers).toMatchObject({ 'content-range': `bytes ${start}-${end}/10000`, 'content-length': String(end - start + 1) });
      expect(reply.raw).toEqual(content.subarray(start, end + 1));
    });

    it('answers a range past the end with 416 and the size', async () => {
      const reply = await ranged('bytes=10000-');

      expectProblem(reply, 416);
      expect(reply.headers['content-range']).toBe('bytes */10000');
    });

    it.each(['bytes=0-9,20-29', 'items=0-9', 'bytes=9-0'])('sends the whole file for %s, which it does not honour', async (range) => {
      const reply = await ranged(range);

      expect(reply.status).toBe(200);
      expect(reply.raw).toEqual(content);
    });

    it('sends the whole file when If-Range names another version', async () => {
      const reply = await ranged('bytes=0-9', { 'if-range': '"another"' });

      expect(reply.status).toBe(200);
      expect(reply.raw.length).toBe(10_000);
      expect((await ranged('bytes=0-9', { 'if-range': `"${sha256(content)}"` })).status).toBe(206);
    });

    it('answers 304 to If-None-Match with its ETag', async () => {
      const reply = await suite.api.get(suite.owner, `/v1/files/${id}/content`, { 'if-none-match': `"${sha256(content)}"` });

      expect(reply.status).toBe(304);
      expect(reply.raw.length).toBe(0);
    });
  });

  describe('GET /v1/files', () => {
    it("pages through the caller's files, newest first, and no one else's", async () => {
      const session = await signUp(suite.gateway);
      const created = [await suite.api.uploaded(session), await suite.api.uploaded(session), await suite.api.uploaded(session)];
      await suite.api.uploaded(suite.owner);

      const first = await suite.api.get(session, '/v1/files?limit=2');
      const second = await suite.api.get(session, `/v1/files?limit=2&cursor=${first.body.next_cursor}`);

      expect(first.body.items.map((file: { id: string }) => file.id)).toEqual([created[2].id, created[1].id]);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: created[0].id, name: 'list.csv', size: 1000 })], next_cursor: null });
    });

    it.each(['limit=0', 'limit=101', 'cursor=nope'])('rejects %s with a 400 naming the field', async (query) => {
      expectInvalidField(await suite.api.get(suite.owner, `/v1/files?${query}`), query.split('=')[0]);
    });
  });

  describe('DELETE /v1/files/:id', () => {
    it('answers 204; the file is gone from reads and lists at once, and the removal of its bytes is queued', async () => {
      const session = await signUp(suite.gateway);
      const file = await suite.api.uploaded(session);
      const remove = () => suite.gateway.request('DELETE', `/v1/files/${file.id}`, { headers: bearer(session.access_token) });

      expect((await remove()).status).toBe(204);

      expectProblem(await suite.api.get(session, `/v1/files/${file.id}`), 404);
      expectProblem(await suite.api.get(session, `/v1/files/${file.id}/content`), 404);
      expect((await suite.api.get(session, '/v1/files')).body.items).toEqual([]);
      const commands = await suite.gateway.app.get(DataSource).query(`SELECT payload FROM platform.outbox WHERE aggregate_id = $1 AND type = 'files.remove-object'`, [file.id]);
      expect(commands).toEqual([{ payload: { file_id: file.id, schema_version: 1 } }]);
      expectProblem(await remove(), 404);
    });
  });

  describe("another user's file, or none", () => {
    it.each([
      ['GET', ''],
      ['GET', '/content'],
      ['DELETE', ''],
    ])("%s /v1/files/:id%s answers 404 for another user's file, as for an unknown one, and changes nothing", async (method, suffix) => {
      const file = await suite.api.uploaded(suite.owner);
      const stranger = await signUp(suite.gateway);

      const theirs = await suite.gateway.request(method, `/v1/files/${file.id}${suffix}`, { headers: bearer(stranger.access_token) });
      const unknown = await suite.gateway.request(method, `/v1/files/${randomUUID()}${suffix}`, { headers: bearer(stranger.access_token) });

      expect(expectProblem(theirs, 404).detail).toBe(`No file ${file.id}.`);
      expectProblem(unknown, 404);
      expect((await suite.api.get(suite.owner, `/v1/files/${file.id}`)).status).toBe(200);
    });

    it.each([
      ['GET', ''],
      ['GET', '/content'],
      ['DELETE', ''],
    ])("%s /v1/files/:id%s answers 404 to an id that cannot be a file's, as to an unknown one", async (method, suffix) => {
      for (const id of ['not-a-uuid', "1'%20OR%20'1'='1", '..%2F..%2Fetc%2Fpasswd']) {
        const reply = await suite.gateway.request(method, `/v1/files/${id}${suffix}`, { headers: bearer(suite.owner.access_token) });

        expect(expectProblem(reply, 404).detail).toMatch(/^No file ".+"\.$/);
      }
    });
  });

  it.each([
    ['POST', UPLOAD],
    ['GET', '/v1/files'],
    ['GET', `/v1/files/${randomUUID()}`],
    ['GET', `/v1/files/${randomUUID()}/content`],
    ['DELETE', `/v1/files/${randomUUID()}`],
  ])('answers 401 to %s %s without credentials', async (method, url) => {
    expectProblem(await suite.gateway.request(method, url), 401);
  });

  it('reports its storage in /health/ready', async () => {
    const reply = await suite.gateway.request('GET', '/health/ready');

    expect(reply.status).toBe(200);
    expect(reply.body.details).toMatchObject({ database: { status: 'up' }, storage: { status: 'up' } });
  });
});
