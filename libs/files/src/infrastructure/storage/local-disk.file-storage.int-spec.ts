import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileStorageContract } from '../../testing/file-storage.contract';
import { LocalDiskFileStorage } from './local-disk.file-storage';

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('LocalDiskFileStorage', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'missive-files-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('the storage contract', () => {
    fileStorageContract(async () => ({ storage: new LocalDiskFileStorage(join(root, 'contract')), contents: () => filesUnder(join(root, 'contract')) }));
  });

  it('creates its folder on check()', async () => {
    const storage = new LocalDiskFileStorage(join(root, 'fresh', 'files'));

    await storage.check();

    expect(await readdir(join(root, 'fresh', 'files'))).toEqual(['.incoming']);
  });

  it.each(['../outside', '/etc/passwd', 'a/../../b', '.hidden', 'a//b', ''])('refuses the key %j, which could leave its folder', async (key) => {
    const storage = new LocalDiskFileStorage(join(root, 'keys'));

    await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow('Not a storage key');
    await expect(storage.get(key)).rejects.toThrow('Not a storage key');
    expect(await filesUnder(root)).not.toContain('outside');
  });

  it('fails check() and put() where it cannot make its folder, and stops reading the content', async () => {
    await writeFile(join(root, 'a-file'), 'not a folder');
    const storage = new LocalDiskFileStorage(join(root, 'a-file', 'files'));
    const content = Readable.from([Buffer.from('x')]);

    await expect(storage.check()).rejects.toThrow();
    await expect(storage.put('a/b', content)).rejects.toThrow();
    expect(content.destroyed).toBe(true);
  });
});
