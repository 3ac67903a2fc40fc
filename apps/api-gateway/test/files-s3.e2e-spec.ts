import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startS3rver, S3rverUnderTest } from '../../../libs/files/src/testing/s3rver';
import { Gateway, Session, bearer, expectProblem, signUp, startGateway } from './gateway';
import { multipartBody } from './files';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const s3Settings = (port: number) => ({
  STORAGE_DRIVER: 's3',
  S3_ENDPOINT: '127.0.0.1',
  S3_PORT: String(port),
  S3_USE_SSL: 'false',
  S3_ACCESS_KEY: 'S3RVER',
  S3_SECRET_KEY: 'S3RVER',
  S3_BUCKET: 'missive-e2e',
});

/** The files API with STORAGE_DRIVER=s3, on s3rver, and on an S3 that does not answer. */
describe('files on S3', () => {
  const directory = mkdtempSync(join(tmpdir(), 'missive-s3-e2e-'));
  let s3: S3rverUnderTest;
  let gateway: Gateway;
  let unreachable: Gateway;
  let owner: Session;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    s3 = await startS3rver(directory);
    gateway = await startGateway(s3Settings(s3.url.port));
    unreachable = await startGateway(s3Settings(9));
    owner = await signUp(gateway);
  }, 30_000);

  afterAll(async () => {
    await gateway?.close();
    await unreachable?.close();
    await s3?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const upload = (on: Gateway, session: Session, content: Buffer) => {
    const { payload, contentType } = multipartBody([{ name: 'file', filename: 'list.csv', content }]);
    return on.request('POST', '/v1/files/upload', { raw: payload, headers: { ...bearer(session.access_token), 'content-type': contentType } });
  };
  const csv = Buffer.from(`phone,name\n${'+15550100,Ada\n'.repeat(80_000)}`);

  it('creates its bucket, stores an upload in it, and gives it back whole and by range', async () => {
    const reply = await upload(gateway, owner, csv);

    expect(reply.status).toBe(201);
    expect(await s3.client.bucketExists('missive-e2e')).toBe(true);
    await expect(s3.client.statObject('missive-e2e', `${owner.id}/${reply.body.id}`)).resolves.toMatchObject({ size: csv.length });
    const whole = await gateway.request('GET', `/v1/files/${reply.body.id}/content`, { headers: bearer(owner.access_token) });
    expect(sha256(whole.raw)).toBe(sha256(csv));
    const range = await gateway.request('GET', `/v1/files/${reply.body.id}/content`, { headers: { ...bearer(owner.access_token), range: 'bytes=11-24' } });
    expect(range).toMatchObject({ status: 206, headers: { 'content-range': `bytes 11-24/${csv.length}` } });
    expect(range.raw.toString()).toBe('+15550100,Ada\n');
  });

  it('is ready while S3 answers', async () => {
    expect((await gateway.request('GET', '/health/ready')).body.details.storage).toEqual({ status: 'up', responseTime: expect.any(Number) });
  });

  it('is not ready while S3 does not answer, naming the storage', async () => {
    const reply = await unreachable.request('GET', '/health/ready');

    expect(reply.status).toBe(503);
    expect(reply.body.details).toMatchObject({ database: { status: 'up' }, storage: { status: 'down', message: expect.any(String) } });
  });

  it('answers an upload it cannot store with a 500 problem, and keeps only a hidden row for the abandoned-upload sweep', async () => {
    const session = await signUp(unreachable);

    expectProblem(await upload(unreachable, session, csv), 500);

    expect((await unreachable.request('GET', '/v1/files', { headers: bearer(session.access_token) })).body.items).toEqual([]);
    // why: S3 did not answer, so nothing says no part of the upload reached it: the sweep removes both once S3 is back.
    expect(await unreachable.app.get(DataSource).query('SELECT status FROM files.files WHERE owner_id = $1', [session.id])).toEqual([{ status: 'uploading' }]);
  });
});
