import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { FileDeleted } from '../../../domain/file-deleted.event';
import { FileNotFound } from '../../../domain/file.errors';
import { StoredFile } from '../../../domain/stored-file.aggregate';
import { aStoredFile, InMemoryFileRepository, OTHER_OWNER_ID, OWNER_ID } from '../../../testing/in-memory-files';
import { FileRepository } from '../../ports/file.repository';
import { DeleteFileCommand } from './delete-file.command';
import { DeleteFileHandler } from './delete-file.handler';

describe('DeleteFileHandler', () => {
  let files: InMemoryFileRepository;
  let handler: DeleteFileHandler;
  let file: StoredFile;

  beforeEach(async () => {
    files = new InMemoryFileRepository();
    file = aStoredFile();
    await files.save(file);
    const module = await handlerTestingModule([DeleteFileHandler, { provide: FileRepository, useValue: files }]);
    handler = module.get(DeleteFileHandler);
  });

  it('marks the file deleted and records FileDeleted, which has its bytes removed', async () => {
    await handler.execute(new DeleteFileCommand(OWNER_ID, file.id));

    expect(files.stored(file.id).deletedAt).toEqual(expect.any(Date));
    expect(files.stored(file.id).objectRemovedAt).toBeNull();
    expect(files.published).toEqual([expect.any(FileDeleted)]);
  });

  it("answers FileNotFound for another owner's file, and leaves it alone", async () => {
    await expect(handler.execute(new DeleteFileCommand(OTHER_OWNER_ID, file.id))).rejects.toThrow(FileNotFound);

    expect(files.stored(file.id).deletedAt).toBeNull();
    expect(files.published).toEqual([]);
  });

  it('answers FileNotFound for a file deleted already', async () => {
    await handler.execute(new DeleteFileCommand(OWNER_ID, file.id));

    await expect(handler.execute(new DeleteFileCommand(OWNER_ID, file.id))).rejects.toThrow(FileNotFound);
    expect(files.published).toHaveLength(1);
  });

  it('answers FileNotFound for an unknown id', async () => {
    await expect(handler.execute(new DeleteFileCommand(OWNER_ID, '0190a000-0000-7000-8000-00000000dead'))).rejects.toThrow(FileNotFound);
  });
});
