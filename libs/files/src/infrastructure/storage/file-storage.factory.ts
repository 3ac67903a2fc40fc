import { join } from 'node:path';
import { Client } from 'minio';
import { PlatformSettings } from '@app/platform';
import { FilesSettings } from '../../files.settings';
import { FileStorage } from '../../application/ports/file-storage';
import { LocalDiskFileStorage } from './local-disk.file-storage';
import { MinioFileStorage } from './minio.file-storage';

const MiB = 2 ** 20;
const S3_MAX_PARTS = 10_000;

/** Parts of 8 MiB, or larger when the upload limit needs more than S3's 10,000 parts. */
export function partSizeFor(maxBytes: number): number {
  return Math.max(8 * MiB, Math.ceil(maxBytes / S3_MAX_PARTS / MiB) * MiB);
}

/** The storage STORAGE_DRIVER names: a folder under DATA_DIR, or the S3 bucket of the S3_* settings. */
export function fileStorageFor(platform: PlatformSettings, files: FilesSettings): FileStorage {
  if (files.storageDriver === 'local' || !files.s3) return new LocalDiskFileStorage(join(platform.dataDir, 'files'));
  const { endPoint, port, useSSL, accessKey, secretKey, bucket, region } = files.s3;
  const client = new Client({ endPoint, port, useSSL, accessKey, secretKey, region });
  return new MinioFileStorage(client, bucket, region, partSizeFor(files.uploadMaxBytes));
}
