import { EnvReader, Env } from '@app/platform';

export type StorageDriver = 'local' | 's3';
export const DEFAULT_UPLOAD_ALLOWED_TYPES =
  'text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/pdf,image/*';

export interface S3Settings {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

/** The files context's settings: where the bytes go, and what an upload may be. */
export class FilesSettings {
  readonly storageDriver: StorageDriver;
  readonly s3: S3Settings | undefined;
  readonly uploadMaxBytes: number;
  readonly uploadAllowedTypes: readonly string[];

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.storageDriver = read.oneOf('STORAGE_DRIVER', ['local', 's3'], 'local');
    this.s3 = this.storageDriver === 's3' ? readS3(read) : undefined;
    this.uploadMaxBytes = read.byteSize('UPLOAD_MAX_SIZE', '100MiB', 1, 2 ** 40);
    this.uploadAllowedTypes = read.mediaTypes('UPLOAD_ALLOWED_TYPES', DEFAULT_UPLOAD_ALLOWED_TYPES);
  }
}

function readS3(read: EnvReader): S3Settings {
  return {
    endPoint: read.string('S3_ENDPOINT'),
    port: read.int('S3_PORT', 9000, 1, 65_535),
    useSSL: read.bool('S3_USE_SSL', false),
    accessKey: read.string('S3_ACCESS_KEY'),
    secretKey: read.string('S3_SECRET_KEY'),
    bucket: read.string('S3_BUCKET', 'missive'),
    region: read.string('S3_REGION', 'us-east-1'),
  };
}
