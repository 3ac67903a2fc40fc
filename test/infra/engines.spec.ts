import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(__dirname, '..', '..');
const modules = process.env.MISSIVE_NODE_MODULES ?? join(root, 'node_modules');
const ours: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;

/** Every installed package (nested copies included) with the Node versions its `engines.node` accepts. */
function installed(dir: string): { name: string; version: string; node: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    if (entry.startsWith('@')) return installed(join(dir, entry));
    const folder = join(dir, entry);
    let manifest: { name?: string; version?: string; engines?: { node?: string } } = {};
    try {
      manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    } catch {
      return installed(join(folder, 'node_modules'));
    }
    const node = manifest.engines?.node;
    const own = node ? [{ name: manifest.name ?? entry, version: manifest.version ?? '?', node }] : [];
    return [...own, ...installed(join(folder, 'node_modules'))];
  });
}

describe('the Node versions package.json promises', () => {
  it('names a range that includes the Node running these tests', () => {
    expect(semver.satisfies(process.versions.node, ours)).toBe(true);
  });

  it('is accepted by every installed package, so that npm install prints no EBADENGINE warning', () => {
    const packages = installed(modules);
    expect(packages.length).toBeGreaterThan(100);

    const refusing = packages
      .filter(({ node }) => !semver.subset(ours, node))
      .map(({ name, version, node }) => `${name}@${version} wants node ${node}`);
    expect(refusing).toEqual([]);
  });
});
