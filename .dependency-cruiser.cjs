/** The dependency rules of HOUSE-STYLE.md, checked on every `npm test`. */
const CONTEXTS = '(users|files|messaging|importing)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only its own domain, shared-kernel and libphonenumber-js: no Nest, TypeORM, class-validator or request context.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      // why: libphonenumber-js is pure data and functions (no I/O, no framework): phone numbers are a domain rule.
      to: { pathNot: ['^libs/[^/]+/src/domain/', '^libs/shared-kernel/src/', 'node_modules/libphonenumber-js/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'application-has-no-infrastructure',
      comment: 'application/ imports its domain, shared-kernel, @nestjs/cqrs, @nestjs/common and the transaction decorator; never typeorm, amqp or HTTP.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/application/' },
      to: {
        pathNot: [
          '^libs/([^/]+)/src/(application|domain)/',
          '^libs/shared-kernel/src/',
          'node_modules/@nestjs/(cqrs|common)/',
          'node_modules/@nestjs-cls/transactional/',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'interface-not-to-infrastructure',
      comment: 'interface/ talks to application/ and contracts/, never to infrastructure/.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/interface/' },
      to: { path: '^libs/[^/]+/src/infrastructure/' },
    },
    {
      name: 'contexts-meet-only-at-contracts',
      comment: 'Across contexts only @app/<ctx>/contracts and the public module (index.ts) may be imported.',
      severity: 'error',
      from: { path: `^libs/${CONTEXTS}/` },
      to: { path: `^libs/${CONTEXTS}/src/(?!contracts/|index\\.ts$)`, pathNot: '^libs/$1/' },
    },
    {
      name: 'apps-use-public-surface',
      comment: 'Apps and the shared composition import a context through its public module (index.ts) or contracts, never its internals.',
      severity: 'error',
      from: { path: '^(apps|libs/composition)/' },
      to: { path: `^libs/${CONTEXTS}/src/(?!contracts/|index\\.ts$)` },
    },
    {
      name: 'relay-is-platform-only',
      comment: 'apps/outbox-relay imports only platform (and shared-kernel through it): no context, no composition of contexts.',
      severity: 'error',
      from: { path: '^apps/outbox-relay/' },
      to: { path: `^libs/(${CONTEXTS}|composition)/` },
    },
    {
      name: 'apps-never-import-another-app',
      comment: 'An app is composition only; what two apps share lives in libs/composition (@app/composition).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'only-apps-import-composition',
      comment: 'libs/composition puts the contexts together for the apps; no context or platform code depends on it.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/composition/' },
      to: { path: '^libs/composition/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'shared-kernel-is-pure',
      comment: 'shared-kernel is plain TypeScript: no Nest, no TypeORM, no other lib.',
      severity: 'error',
      from: { path: '^libs/shared-kernel/' },
      to: { pathNot: '^libs/shared-kernel/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'platform-knows-no-context',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: `^libs/${CONTEXTS}/` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|\\.int-spec\\.ts$|\\.e2e-spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
