import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const README_LIMIT = 12 * 1024;

/** The relative link targets of a Markdown text, without their anchor or query; code blocks and code spans hold no links. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
  const referenced = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]);
  return [...inline, ...referenced]
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURI(target.replace(/[#?].*$/, '')));
}

/** Every relative link of `file` that names no existing file or folder, as `file → target`. */
function brokenLinks(file: string, markdown = readFileSync(file, 'utf8')): string[] {
  return relativeLinks(markdown)
    .filter((target) => !existsSync(join(dirname(file), target)))
    .map((target) => `${relative(root, file)} → ${target}`);
}

const docs = (readdirSync(join(root, 'docs'), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.md'))
  .map((file) => join(root, 'docs', file));

describe('README.md and docs/', () => {
  it('finds the links of inline and reference style, and none in code', () => {
    const markdown = [
      'See [the API](docs/api.md#errors), [a folder](docs/messengers/), [the web](https://example.com) and [here](#top).',
      '[settings]: docs/configuration.md',
      '`[not a link](nowhere.md)`',
      '```bash',
      'echo "[not a link](nowhere-either.md)"',
      '```',
    ].join('\n');
    expect(relativeLinks(markdown).sort()).toEqual(['docs/api.md', 'docs/configuration.md', 'docs/messengers/']);
  });

  it('reports a link to a file that does not exist', () => {
    expect(brokenLinks(join(root, 'README.md'), '[gone](docs/no-such-page.md) and [here](docs/api.md)')).toEqual(['README.md → docs/no-such-page.md']);
  });

  it('has the pages the README links', () => {
    expect(docs.map((file) => relative(root, file)).sort()).toEqual(
      expect.arrayContaining(['docs/api.md', 'docs/architecture.md', 'docs/benchmarks.md', 'docs/configuration.md', 'docs/flows.md', 'docs/operations.md']),
    );
  });

  it('links only to files that exist', () => {
    expect([join(root, 'README.md'), ...docs].flatMap((file) => brokenLinks(file))).toEqual([]);
  });

  it('links every docs/ page from the README, itself or its folder', () => {
    const linked = relativeLinks(readFileSync(join(root, 'README.md'), 'utf8')).map((target) => join(root, target));
    const isLinked = (file: string) => linked.some((target) => file === target || file.startsWith(target.replace(/\/?$/, '/')));
    expect(docs.filter((file) => !isLinked(file)).map((file) => relative(root, file))).toEqual([]);
  });

  it(`keeps README.md under ${README_LIMIT / 1024} KB`, () => {
    expect(Buffer.byteLength(readFileSync(join(root, 'README.md'), 'utf8'))).toBeLessThan(README_LIMIT);
  });
});
