import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const config = join(root, '.dependency-cruiser.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RULES: string[] = require(config).forbidden.map((rule: { name: string }) => rule.name);

/** A tree that breaks each rule once, in the file named beside it; everything else in it is allowed. */
const BREAKS: Record<string, [file: string, imports: string]> = {
  'domain-is-pure': ['libs/users/src/domain/user.aggregate.ts', '../infrastructure/user.repository'],
  'application-has-no-infrastructure': ['libs/users/src/application/register.handler.ts', '../infrastructure/user.repository'],
  'interface-not-to-infrastructure': ['libs/users/src/interface/users.controller.ts', '../infrastructure/user.repository'],
  'contexts-meet-only-at-contracts': ['libs/files/src/files.module.ts', '../../users/src/domain/user.aggregate'],
  'apps-use-public-surface': ['apps/api-gateway/src/app.module.ts', '../../../libs/users/src/infrastructure/user.repository'],
  'relay-is-platform-only': ['apps/outbox-relay/src/relay.module.ts', '../../../libs/composition/src/index'],
  'apps-never-import-another-app': ['apps/all-in-one/src/main.ts', '../../api-gateway/src/api-gateway'],
  'only-apps-import-composition': ['libs/messaging/src/messaging.module.ts', '../../composition/src/index'],
  'libs-never-import-apps': ['libs/platform/src/boot.ts', '../../../apps/cli/src/main'],
  'shared-kernel-is-pure': ['libs/shared-kernel/src/aggregate-root.ts', '../../platform/src/clock'],
  'platform-knows-no-context': ['libs/platform/src/clock.ts', '../../users/src/index'],
  'no-circular': ['libs/platform/src/loop-a.ts', './loop-b'],
};
const ALLOWED: Record<string, string[]> = {
  'apps/api-gateway/src/api-gateway.ts': ['./app.module', '../../../libs/composition/src/index', '../../../libs/users/src/index'],
  'apps/all-in-one/src/all-in-one.module.ts': ['../../../libs/composition/src/index', '../../../libs/platform/src/index'],
  'apps/cli/src/main.ts': ['../../../libs/users/src/contracts/user-registered.v1'],
  'libs/composition/src/index.ts': ['../../users/src/index', '../../files/src/index'],
  'libs/platform/src/loop-b.ts': ['./loop-a'],
};

interface Violation {
  from: string;
  rule: { name: string };
}

function cruise(tree: Record<string, string[]>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'missive-depcruise-'));
  try {
    const files = new Map<string, string[]>();
    for (const [file, imports] of Object.entries(tree)) {
      files.set(file, imports);
      for (const target of imports) if (target.startsWith('.')) files.set(join(dirname(file), `${target}.ts`), files.get(join(dirname(file), `${target}.ts`)) ?? []);
    }
    for (const [file, imports] of files) {
      mkdirSync(join(dir, dirname(file)), { recursive: true });
      writeFileSync(join(dir, file), `${imports.map((target) => `import '${target}';`).join('\n')}\nexport const here = '${file}';\n`);
    }
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "module": "nodenext" } }\n');
    const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const output = execFileSync(process.execPath, [depcruise, 'apps', 'libs', '--config', config, '--output-type', 'json'], { cwd: dir, encoding: 'utf8' });
    return JSON.parse(output).summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('.dependency-cruiser.cjs', () => {
  it('has a broken example here for every rule it declares', () => {
    expect(Object.keys(BREAKS).sort()).toEqual([...RULES].sort());
  });

  it('fires each rule on the file that breaks it, and on nothing the house style allows', () => {
    const tree = { ...ALLOWED, ...Object.fromEntries(Object.values(BREAKS).map(([file, target]) => [file, [target]])) };
    const fired = cruise(tree).map((violation) => `${violation.rule.name} ${violation.from}`);

    const expected = Object.entries(BREAKS).map(([rule, [file]]) => `${rule} ${file}`);
    expect([...new Set(fired)].sort()).toEqual(expect.arrayContaining(expected.sort()));
    const unexpected = fired.filter((line) => !expected.includes(line) && !line.startsWith('no-circular '));
    expect(unexpected).toEqual([]);
  }, 60_000);
});
