import { FilesSettings } from './files.settings';

describe('FilesSettings', () => {
  it('reads defaults', () => {
    const settings = new FilesSettings({});
    expect(settings.storageDriver).toBe('local');
    expect(settings.s3).toBeUndefined();
    expect(settings.uploadMaxBytes).toBe(100 * 2 ** 20);
    expect(settings.uploadAllowedTypes).toEqual(expect.arrayContaining(['text/csv', 'application/pdf', 'image/*']));
  });

  it.each([
    ['1048576', 1_048_576],
    ['100MiB', 100 * 2 ** 20],
    ['1 GiB', 2 ** 30],
    ['500MB', 500_000_000],
    ['64kib', 65_536],
  ])('reads UPLOAD_MAX_SIZE %s as %i bytes', (raw, bytes) => {
    expect(new FilesSettings({ UPLOAD_MAX_SIZE: raw }).uploadMaxBytes).toBe(bytes);
  });

  it('reads UPLOAD_ALLOWED_TYPES lower-cased', () => {
    expect(new FilesSettings({ UPLOAD_ALLOWED_TYPES: ' Text/CSV , image/* ' }).uploadAllowedTypes).toEqual(['text/csv', 'image/*']);
  });

  it('reads the S3 settings when STORAGE_DRIVER is s3', () => {
    const settings = new FilesSettings({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'minio', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' });
    expect(settings.s3).toEqual({ endPoint: 'minio', port: 9000, useSSL: false, accessKey: 'a', secretKey: 'b', bucket: 'missive', region: 'us-east-1' });
  });

  it.each([
    [{ STORAGE_DRIVER: 's3' }, 'Invalid configuration: S3_ENDPOINT is required, but it is not set'],
    [
      { UPLOAD_MAX_SIZE: '100 megs' },
      'Invalid configuration: UPLOAD_MAX_SIZE must be a size from 1 to 1099511627776 bytes, in bytes or with a unit such as 100MiB, 1GiB or 500MB, got "100 megs"',
    ],
    [{ UPLOAD_MAX_SIZE: '0' }, 'Invalid configuration: UPLOAD_MAX_SIZE must be a size from 1 to 1099511627776 bytes'],
    [{ UPLOAD_ALLOWED_TYPES: 'csv,pdf' }, 'Invalid configuration: UPLOAD_ALLOWED_TYPES must be a comma-separated list of media types such as text/csv,image/*, got "csv,pdf"'],
    [{ UPLOAD_ALLOWED_TYPES: ',' }, 'Invalid configuration: UPLOAD_ALLOWED_TYPES must be a comma-separated list of media types'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => new FilesSettings(env)).toThrow(message);
  });
});
