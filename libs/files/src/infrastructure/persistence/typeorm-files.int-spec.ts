import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { FileReadModel } from '../../application/ports/file.read-model';
import { FileRepository } from '../../application/ports/file.repository';
import { FileName } from '../../domain/file-name.vo';
import { StoredFile } from '../../domain/stored-file.aggregate';
import { FilesModule } from '../../files.module';
import { aStoredFile } from '../../testing/in-memory-files';

const HOUR = 3_600_000;
const SHA = 'c'.repeat(64);

describe('files persistence on PostgreSQL', () => {
  let moduleRef: TestingModule;
  let files: FileRepository;
  let reads: FileReadModel;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig({ DATA_DIR: '/tmp/missive-test-files-int' })), FilesModule] }).compile();
    files = moduleRef.get(FileRepository);
    reads = moduleRef.get(FileReadModel);
    txHost = moduleRef.get(TransactionHost);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
  });

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => txHost.tx.query(query, params);
  const outboxOf = (id: string) => sql<{ type: string; kind: string; payload: Record<string, unknown> }>('SELECT type, kind, payload FROM platform.outbox WHERE aggregate_id = $1 ORDER BY id', [id]);
  const save = (file: StoredFile) => txHost.withTransaction(() => files.save(file));
  const stored = async (ownerId = uuidV7(), now?: Date) => {
    const file = StoredFile.begin(ownerId, FileName.of('list.csv'), now);
    await save(file);
    file.markStored({ size: 5_000_000_000, sha256: SHA, contentType: 'text/csv' }, now);
    await save(file);
    return file;
  };

  describe('TypeOrmFileRepository', () => {
    it('saves an upload, then its stored state, with files.file-uploaded.v1 in the outbox', async () => {
      const file = await stored();

      const found = await txHost.withTransaction(() => files.findForUpdate(file.id));

      expect(found?.snapshot()).toEqual(file.snapshot());
      expect(await outboxOf(file.id)).toEqual([
        { type: 'files.file-uploaded.v1', kind: 'event', payload: expect.objectContaining({ file_id: file.id, size: 5_000_000_000, sha256: SHA, schema_version: 1 }) },
      ]);
    });

    it("finds an owner's stored file for update, and nobody else's, nor one still uploading", async () => {
      const file = await stored();
      const uploading = StoredFile.begin(file.snapshot().ownerId, FileName.of('x.csv'));
      await save(uploading);
      const find = (ownerId: string, id: string) => txHost.withTransaction(() => files.findOwnedForUpdate(ownerId, id));

      expect((await find(file.snapshot().ownerId, file.id))?.id).toBe(file.id);
      await expect(find(uuidV7(), file.id)).resolves.toBeNull();
      await expect(find(file.snapshot().ownerId, uploading.id)).resolves.toBeNull();
    });

    it('writes files.remove-object with the deletion, in one transaction', async () => {
      const file = await stored();
      file.delete();

      await save(file);

      expect((await outboxOf(file.id)).map((row) => [row.type, row.kind])).toEqual([
        ['files.file-uploaded.v1', 'event'],
        ['files.remove-object', 'command'],
      ]);
    });

    it('lists abandoned uploads oldest first and removes them, never a stored file', async () => {
      const old = StoredFile.begin(uuidV7(), FileName.of('a.csv'), new Date(Date.now() - 50 * HOUR));
      const older = StoredFile.begin(uuidV7(), FileName.of('b.csv'), new Date(Date.now() - 60 * HOUR));
      const recent = StoredFile.begin(uuidV7(), FileName.of('c.csv'));
      for (const file of [old, older, recent]) await save(file);
      const storedLongAgo = await stored(uuidV7(), new Date(Date.now() - 70 * HOUR));

      const abandoned = await files.abandonedUploads(new Date(Date.now() - 24 * HOUR), 1_000);
      const ids = abandoned.map((file) => file.id);
      expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(old.id));
      expect(ids).not.toContain(recent.id);
      expect(ids).not.toContain(storedLongAgo.id);

      await files.remove(old);
      await files.remove(storedLongAgo);
      await expect(txHost.withTransaction(() => files.findForUpdate(old.id))).resolves.toBeNull();
      await expect(txHost.withTransaction(() => files.findForUpdate(storedLongAgo.id))).resolves.not.toBeNull();
    });

    it('refuses a stored file without its content, and a malformed sha256', async () => {
      const file = aStoredFile({ ownerId: uuidV7(), content: { sha256: 'not-a-hash' } });

      await expect(save(file)).rejects.toThrow(/files_sha256_check/);
    });
  });

  describe('SqlFileReadModel', () => {
    it('shows a stored file to its owner only, with ISO times and its size as a number', async () => {
      const file = await stored(uuidV7(), new Date('2026-02-03T04:05:06.789Z'));
      const ownerId = file.snapshot().ownerId;

      await expect(reads.file(ownerId, file.id)).resolves.toEqual({
        id: file.id,
        name: 'list.csv',
        size: 5_000_000_000,
        content_type: 'text/csv',
        sha256: SHA,
        created_at: '2026-02-03T04:05:06.789Z',
      });
      await expect(reads.storedObject(ownerId, file.id)).resolves.toMatchObject({ storageKey: `${ownerId}/${file.id}` });
      await expect(reads.file(uuidV7(), file.id)).resolves.toBeNull();
      await expect(reads.storedObject(uuidV7(), file.id)).resolves.toBeNull();
    });

    it('hides uploads in progress and deleted files', async () => {
      const ownerId = uuidV7();
      const uploading = StoredFile.begin(ownerId, FileName.of('x.csv'));
      await save(uploading);
      const deleted = await stored(ownerId);
      deleted.delete();
      await save(deleted);

      await expect(reads.file(ownerId, uploading.id)).resolves.toBeNull();
      await expect(reads.file(ownerId, deleted.id)).resolves.toBeNull();
      await expect(reads.files(ownerId, null, 10)).resolves.toEqual({ items: [], next_cursor: null });
    });

    it("pages through the owner's files newest first, without overlap", async () => {
      const ownerId = uuidV7();
      const created: StoredFile[] = [];
      for (let i = 0; i < 5; i += 1) created.push(await stored(ownerId, new Date(Date.now() - HOUR + i * 1_000)));
      await stored();
      const newestFirst = created.map((file) => file.id).reverse();

      const first = await reads.files(ownerId, null, 2);
      const second = await reads.files(ownerId, first.next_cursor, 2);
      const third = await reads.files(ownerId, second.next_cursor, 2);

      expect([first, second, third].map((page) => page.items.map((item) => item.id))).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
      expect([first.next_cursor, second.next_cursor, third.next_cursor]).toEqual([newestFirst[1], newestFirst[3], null]);
    });
  });
});
