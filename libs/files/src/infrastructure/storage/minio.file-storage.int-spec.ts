import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { Client } from 'minio';
import { fileStorageContract } from '../../testing/file-storage.contract';
import { startS3rver, S3rverUnderTest } from '../../testing/s3rver';
import { MinioFileStorage } from './minio.file-storage';

const MiB = 2 ** 20;

async function objectsIn(client: Client, bucket: string): Promise<string[]> {
  const names: string[] = [];
  for await (const item of client.listObjects(bucket, '', true)) names.push((item as { name: string }).name);
  return names;
}

describe('MinioFileStorage on s3rver', () => {
  let s3: S3rverUnderTest;
  let directory: string;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    directory = await mkdtemp(join(tmpdir(), 'missive-s3rver-'));
    s3 = await startS3rver(directory);
  });

  afterAll(async () => {
    await s3?.close();
    await rm(directory, { recursive: true, force: true });
  });

  describe('the storage contract', () => {
    fileStorageContract(async () => ({ storage: new MinioFileStorage(s3.client, 'contract', 'us-east-1', 5 * MiB), contents: () => objectsIn(s3.client, 'contract') }));
  });

  it('creates its bucket on first use when it is missing', async () => {
    const storage = new MinioFileStorage(s3.client, 'created-on-put', 'us-east-1', 5 * MiB);
    expect(await s3.client.bucketExists('created-on-put')).toBe(false);

    await storage.put('a/b', Readable.from([Buffer.from('hello')]));

    expect(await s3.client.bucketExists('created-on-put')).toBe(true);
    await expect(storage.check()).resolves.toBeUndefined();
  });

  it('fails check() and put() when S3 does not answer, and stops reading the content', async () => {
    const client = new Client({ endPoint: '127.0.0.1', port: 9, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER' });
    const storage = new MinioFileStorage(client, 'nowhere', 'us-east-1', 5 * MiB);
    const content = Readable.from([Buffer.from('x')]);

    await expect(storage.check()).rejects.toThrow();
    await expect(storage.put('a/b', content)).rejects.toThrow();
    expect(content.destroyed).toBe(true);
  });
});
