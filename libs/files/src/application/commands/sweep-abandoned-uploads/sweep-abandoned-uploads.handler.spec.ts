import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { FileName } from '../../../domain/file-name.vo';
import { StoredFile } from '../../../domain/stored-file.aggregate';
import { aStoredFile, InMemoryFileRepository, InMemoryFileStorage, OWNER_ID } from '../../../testing/in-memory-files';
import { FileRepository } from '../../ports/file.repository';
import { FileStorage } from '../../ports/file-storage';
import { SweepAbandonedUploadsCommand } from './sweep-abandoned-uploads.command';
import { SweepAbandonedUploadsHandler } from './sweep-abandoned-uploads.handler';

const DAY = 86_400_000;
const now = new Date('2026-05-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('SweepAbandonedUploadsHandler', () => {
  let files: InMemoryFileRepository;
  let storage: InMemoryFileStorage;
  let handler: SweepAbandonedUploadsHandler;

  beforeEach(async () => {
    files = new InMemoryFileRepository();
    storage = new InMemoryFileStorage();
    const module = await handlerTestingModule([
      SweepAbandonedUploadsHandler,
      { provide: FileRepository, useValue: files },
      { provide: FileStorage, useValue: storage },
    ]);
    handler = module.get(SweepAbandonedUploadsHandler);
  });

  const uploading = async (startedAt: Date) => {
    const file = StoredFile.begin(OWNER_ID, FileName.of('big.csv'), startedAt);
    await files.save(file);
    storage.objects.set(file.storageKey, Buffer.from('partial'));
    return file;
  };

  it('removes the bytes and the row of uploads begun before the cut-off, and only those', async () => {
    const abandoned = await uploading(ago(2 * DAY));
    const running = await uploading(ago(60_000));
    const stored = aStoredFile({}, ago(3 * DAY));
    await files.save(stored);

    const result = await handler.execute(new SweepAbandonedUploadsCommand(ago(DAY)));

    expect(result).toEqual({ removed: 1 });
    expect([...files.files.keys()].sort()).toEqual([running.id, stored.id].sort());
    expect(storage.deleted).toEqual([abandoned.storageKey]);
  });

  it('removes at most `limit` at a time', async () => {
    for (let i = 0; i < 3; i += 1) await uploading(ago(2 * DAY + i));

    expect(await handler.execute(new SweepAbandonedUploadsCommand(ago(DAY), 2))).toEqual({ removed: 2 });
    expect(await handler.execute(new SweepAbandonedUploadsCommand(ago(DAY), 2))).toEqual({ removed: 1 });
    expect(files.files.size).toBe(0);
  });

  it('keeps the row when its bytes could not be removed, for the next sweep', async () => {
    const abandoned = await uploading(ago(2 * DAY));
    storage.failNextDelete = new Error('storage unreachable');

    await expect(handler.execute(new SweepAbandonedUploadsCommand(ago(DAY)))).rejects.toThrow('storage unreachable');
    expect(files.files.has(abandoned.id)).toBe(true);
  });
});
