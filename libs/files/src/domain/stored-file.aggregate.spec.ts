import { FileDeleted } from './file-deleted.event';
import { FileName } from './file-name.vo';
import { FileUploaded } from './file-uploaded.event';
import { IllegalFileTransition } from './file.errors';
import { StoredFile } from './stored-file.aggregate';

const OWNER = '0190a000-0000-7000-8000-000000000001';
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const CONTENT = { size: 42, sha256: 'a'.repeat(64), contentType: 'text/csv' };

const begun = (name = 'list.csv') => StoredFile.begin(OWNER, FileName.of(name), t0);
const stored = () => {
  const file = begun();
  file.markStored(CONTENT, at(1));
  file.pullEvents();
  return file;
};

describe('StoredFile', () => {
  it('begins uploading under a key of its own, made of its owner and its time-ordered id, never of its name', () => {
    const file = begun('../../etc/passwd');

    expect(file.snapshot()).toEqual({
      id: file.id,
      ownerId: OWNER,
      name: 'passwd',
      storageKey: `${OWNER}/${file.id}`,
      status: 'uploading',
      size: null,
      contentType: null,
      sha256: null,
      createdAt: t0,
      storedAt: null,
      deletedAt: null,
      objectRemovedAt: null,
    });
    expect(file.id[14]).toBe('7');
    expect(file.pullEvents()).toEqual([]);
  });

  it('is stored with what its bytes told, recording FileUploaded', () => {
    const file = begun();

    file.markStored(CONTENT, at(1));

    expect(file.snapshot()).toMatchObject({ status: 'stored', size: 42, sha256: 'a'.repeat(64), contentType: 'text/csv', storedAt: at(1) });
    expect(file.pullEvents()).toEqual([new FileUploaded(file.id, OWNER, 'list.csv', 42, 'text/csv', 'a'.repeat(64), at(1))]);
  });

  it('is stored only once', () => {
    const file = stored();

    expect(() => file.markStored(CONTENT, at(2))).toThrow(IllegalFileTransition);
    expect(file.pullEvents()).toEqual([]);
  });

  it('is deleted, recording FileDeleted, and deleting it again changes nothing', () => {
    const file = stored();

    file.delete(at(2));
    file.delete(at(3));

    expect(file.snapshot().deletedAt).toEqual(at(2));
    expect(file.isDeleted).toBe(true);
    expect(file.pullEvents()).toEqual([new FileDeleted(file.id, OWNER, at(2))]);
  });

  it('cannot be deleted while uploading', () => {
    expect(() => begun().delete()).toThrow(IllegalFileTransition);
  });

  it('has its bytes marked removed once deleted, keeping the first time', () => {
    const file = stored();
    expect(() => file.markObjectRemoved(at(2))).toThrow(IllegalFileTransition);

    file.delete(at(2));
    file.markObjectRemoved(at(3));
    file.markObjectRemoved(at(4));

    expect(file.snapshot().objectRemovedAt).toEqual(at(3));
    expect(file.isObjectRemoved).toBe(true);
  });

  it('is restored as it was, and its snapshot cannot change it', () => {
    const file = stored();
    const restored = StoredFile.restore(file.snapshot());

    (restored.snapshot() as { name: string }).name = 'changed';

    expect(restored.snapshot()).toEqual(file.snapshot());
  });
});
