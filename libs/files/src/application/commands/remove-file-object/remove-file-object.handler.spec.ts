import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { StoredFile } from '../../../domain/stored-file.aggregate';
import { A_CSV, aStoredFile, InMemoryFileRepository, InMemoryFileStorage } from '../../../testing/in-memory-files';
import { FileRepository } from '../../ports/file.repository';
import { FileStorage } from '../../ports/file-storage';
import { RemoveFileObjectCommand } from './remove-file-object.command';
import { RemoveFileObjectHandler } from './remove-file-object.handler';

describe('RemoveFileObjectHandler', () => {
  let files: InMemoryFileRepository;
  let storage: InMemoryFileStorage;
  let handler: RemoveFileObjectHandler;
  let file: StoredFile;

  beforeEach(async () => {
    files = new InMemoryFileRepository();
    storage = new InMemoryFileStorage();
    file = aStoredFile();
    storage.objects.set(file.storageKey, Buffer.from(A_CSV));
    const module = await handlerTestingModule([
      RemoveFileObjectHandler,
      { provide: FileRepository, useValue: files },
      { provide: FileStorage, useValue: storage },
    ]);
    handler = module.get(RemoveFileObjectHandler);
  });

  const deleted = async () => {
    file.delete();
    await files.save(file);
  };

  it('removes the bytes of a deleted file and records that they are gone', async () => {
    await deleted();

    await handler.execute(new RemoveFileObjectCommand(file.id));

    expect(storage.objects.has(file.storageKey)).toBe(false);
    expect(files.stored(file.id).objectRemovedAt).toEqual(expect.any(Date));
  });

  it('does nothing the second time', async () => {
    await deleted();
    await handler.execute(new RemoveFileObjectCommand(file.id));

    await handler.execute(new RemoveFileObjectCommand(file.id));

    expect(storage.deleted).toEqual([file.storageKey]);
  });

  it('keeps the bytes of a file that is not deleted', async () => {
    await files.save(file);

    await handler.execute(new RemoveFileObjectCommand(file.id));

    expect(storage.objects.has(file.storageKey)).toBe(true);
    expect(storage.deleted).toEqual([]);
  });

  it('lets a storage error propagate, recording nothing, so that the dispatcher retries', async () => {
    await deleted();
    storage.failNextDelete = new Error('storage unreachable');

    await expect(handler.execute(new RemoveFileObjectCommand(file.id))).rejects.toThrow('storage unreachable');
    expect(files.stored(file.id).objectRemovedAt).toBeNull();

    await handler.execute(new RemoveFileObjectCommand(file.id));
    expect(files.stored(file.id).objectRemovedAt).toEqual(expect.any(Date));
  });

  it('does nothing for an unknown file', async () => {
    await expect(handler.execute(new RemoveFileObjectCommand('0190a000-0000-7000-8000-00000000dead'))).resolves.toBeUndefined();
    expect(storage.deleted).toEqual([]);
  });
});
