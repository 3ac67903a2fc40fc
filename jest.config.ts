import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
import ts from 'typescript';

const { config: tsconfig } = ts.readConfigFile('./tsconfig.json', ts.sys.readFile);
const paths = tsconfig?.compilerOptions?.paths ?? {};

// why: NestJS 12 and several of its dependencies ship ESM only, and Jest can require(esm) natively only on
// Node 24.9+; on Node 20 every package whose package.json says "type": "module" is compiled to CommonJS.
function esmPackages(root = 'node_modules'): string[] {
  return readdirSync(root).flatMap((name) => {
    if (name.startsWith('@')) return readdirSync(join(root, name)).map((inner) => `${name}/${inner}`);
    return [name];
  }).filter((name) => {
    try {
      return JSON.parse(readFileSync(join(root, name, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  });
}

const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '^.+\\.m?js$': ['@swc/jest', { swcrc: false, jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: pathsToModuleNameMapper(paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
} satisfies Config;

// why: Jest 30 runs each distinct globalSetup file once per run, for the projects whose tests were selected: one
// build, database and vhost for integration and e2e together, and none at all when only unit tests run.
const services = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
} satisfies Config;

// why: the k8s specs render every overlay with kubectl, a tool that takes seconds a render: they sit with the slow tests.
const NEEDS_KUBECTL = 'test/infra/k8s[^/]*\\.spec\\.ts$';

/**
 * `unit` (`npm run test:unit`): no service, no tool, no build, in seconds. `integration`: adapters against the real
 * PostgreSQL and RabbitMQ. `e2e`: the apps in-process and as built processes, and the k8s manifests through kubectl.
 */
const config: Config = {
  projects: [
    { ...shared, displayName: 'unit', testRegex: '.*\\.spec\\.ts$', testPathIgnorePatterns: ['/node_modules/', NEEDS_KUBECTL] },
    { ...shared, ...services, displayName: 'integration', testRegex: '.*\\.int-spec\\.ts$' },
    { ...shared, ...services, displayName: 'e2e', testRegex: ['.*\\.e2e-spec\\.ts$', NEEDS_KUBECTL] },
  ],
};

export default config;
