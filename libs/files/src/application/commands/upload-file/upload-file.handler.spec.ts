import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { SNIFF_BYTES } from '../../../domain/content-type';
import { FileUploaded } from '../../../domain/file-uploaded.event';
import { EmptyFile, FileTooLarge, FileTypeNotAllowed } from '../../../domain/file.errors';
import { UploadPolicy } from '../../../domain/upload-policy';
import { A_CSV, InMemoryFileRepository, InMemoryFileStorage, OWNER_ID, streamOf } from '../../../testing/in-memory-files';
import { FileRepository } from '../../ports/file.repository';
import { FileStorage } from '../../ports/file-storage';
import { UploadFileCommand } from './upload-file.command';
import { UploadFileHandler } from './upload-file.handler';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('UploadFileHandler', () => {
  let files: InMemoryFileRepository;
  let storage: InMemoryFileStorage;
  let handler: UploadFileHandler;

  const start = async (policy = new UploadPolicy(1024 * 1024, ['text/csv', 'image/*'])) => {
    files = new InMemoryFileRepository();
    storage = new InMemoryFileStorage();
    const module = await handlerTestingModule([
      UploadFileHandler,
      { provide: FileRepository, useValue: files },
      { provide: FileStorage, useValue: storage },
      { provide: UploadPolicy, useValue: policy },
    ]);
    handler = module.get(UploadFileHandler);
  };
  const upload = (chunks: (string | Buffer)[], name = 'list.csv', error?: Error) => handler.execute(new UploadFileCommand(OWNER_ID, name, streamOf(chunks, error)));
  const expectNothingLeft = () => {
    expect(files.files.size).toBe(0);
    expect(storage.objects.size).toBe(0);
    expect(files.published).toEqual([]);
  };

  beforeEach(() => start());

  it('stores the bytes under its own key and the file as stored, with size, sha256 and sniffed type, recording FileUploaded', async () => {
    const { id } = await upload(['phone,name\n', '+15550100,Ada\n']);

    const file = files.stored(id);
    expect(file).toMatchObject({ ownerId: OWNER_ID, name: 'list.csv', status: 'stored', size: A_CSV.length, sha256: sha256(A_CSV), contentType: 'text/csv' });
    expect(file.storageKey).toBe(`${OWNER_ID}/${id}`);
    expect(storage.objects.get(file.storageKey)?.toString()).toBe(A_CSV);
    expect(files.published).toEqual([new FileUploaded(id, OWNER_ID, 'list.csv', A_CSV.length, 'text/csv', sha256(A_CSV), file.storedAt!)]);
  });

  it('hashes and keeps every byte of a file far larger than the sniffed head', async () => {
    const row = '+15550100,Ada Lovelace,en\n';
    const chunks = Array.from({ length: 2_000 }, (_, i) => (i === 0 ? 'phone,name,locale\n' : row.repeat(3)));
    const whole = Buffer.from(chunks.join(''));
    expect(whole.length).toBeGreaterThan(2 * SNIFF_BYTES);

    const { id } = await upload(chunks);

    expect(files.stored(id)).toMatchObject({ size: whole.length, sha256: sha256(whole), contentType: 'text/csv' });
    expect(storage.objects.get(files.stored(id).storageKey)).toEqual(whole);
  });

  it("keeps only the last segment of a path-like name, and never puts the name in the key", async () => {
    const { id } = await upload([A_CSV], '../../etc/passwd');

    expect(files.stored(id).name).toBe('passwd');
    expect(files.stored(id).storageKey).not.toContain('passwd');
  });

  it('reads the type from the bytes, not from the name', async () => {
    const { id } = await upload([PNG], 'list.csv');

    expect(files.stored(id).contentType).toBe('image/png');
  });

  it('accepts a file of exactly the largest size', async () => {
    await start(new UploadPolicy(A_CSV.length, ['text/csv']));

    await expect(upload([A_CSV])).resolves.toEqual({ id: expect.any(String) });
  });

  it('refuses a type the policy does not allow before any byte reaches storage, leaving nothing', async () => {
    await expect(upload(['%PDF-1.7\n', 'x'.repeat(100)], 'list.csv')).rejects.toThrow(FileTypeNotAllowed);

    expect(storage.received).toBe(0);
    expectNothingLeft();
  });

  it('refuses a file one byte over the largest size, leaving nothing', async () => {
    await start(new UploadPolicy(A_CSV.length - 1, ['text/csv']));

    await expect(upload([A_CSV])).rejects.toThrow(FileTooLarge);

    expectNothingLeft();
  });

  it('stops reading a file as soon as it is over the size', async () => {
    await start(new UploadPolicy(SNIFF_BYTES * 2, ['text/csv']));
    let served = 0;
    const endless = new Readable({
      read() {
        served += 1;
        this.push('a,b\n'.repeat(4096));
      },
    });

    await expect(handler.execute(new UploadFileCommand(OWNER_ID, 'list.csv', endless))).rejects.toThrow(FileTooLarge);

    expect(served).toBeLessThan(20);
    expect(endless.destroyed).toBe(true);
    expectNothingLeft();
  });

  it('refuses an empty file, leaving nothing', async () => {
    await expect(upload([])).rejects.toThrow(EmptyFile);

    expectNothingLeft();
  });

  it('leaves nothing when the upload fails half-way (the client went away)', async () => {
    await expect(upload(['phone,name\n', 'x'.repeat(SNIFF_BYTES * 2)], 'list.csv', new Error('aborted'))).rejects.toThrow('aborted');

    expectNothingLeft();
  });

  it('leaves nothing when storage fails', async () => {
    storage.failNextPut = new Error('disk full');

    await expect(upload([A_CSV])).rejects.toThrow('disk full');

    expectNothingLeft();
  });

  it("reports storage's own error when it fails in the middle of a large file", async () => {
    storage.failNextPut = new Error('disk full');

    await expect(upload(['phone,name\n', 'a,b\n'.repeat(SNIFF_BYTES), 'a,b\n'.repeat(SNIFF_BYTES)])).rejects.toThrow('disk full');

    expectNothingLeft();
  });

  it('removes the stored bytes again when the file cannot be marked stored', async () => {
    const save = files.save.bind(files);
    files.save = async (file) => {
      if (file.snapshot().status === 'stored') throw new Error('database gone');
      return save(file);
    };

    await expect(upload([A_CSV])).rejects.toThrow('database gone');

    expect(storage.deleted).toHaveLength(1);
    expectNothingLeft();
  });

  it('keeps the uploading row for the sweep when the clean-up itself fails, and reports the upload error', async () => {
    storage.failNextPut = new Error('disk full');
    storage.failNextDelete = new Error('storage gone');

    await expect(upload([A_CSV])).rejects.toThrow('disk full');

    expect([...files.files.values()].map((file) => file.snapshot().status)).toEqual(['uploading']);
    expect(storage.objects.size).toBe(0);
  });
});
