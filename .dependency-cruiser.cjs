// @ts-check
/* global module -- a CommonJS file: dependency-cruiser reads its configuration with require() */
/**
 * The arrows between this project's folders, checked by `npm run deps:check` (dependency-cruiser) in .ci/run.
 *
 * Layers, lowest first: `secrets/`, `saml/` → `purecloud/`, `emulator/` (the Genesys client and the emulator know
 * nothing of Temporal or of what uses them) → spec, provisioning, activities, workflows → worker, client, stack.
 * A folder may import a lower one, never one that imports it back: scripts/deps-check.ts checks that between
 * top-level folders, on the cruise this configuration drives. Run both with `npm run deps:check`.
 */

/** Node built-ins, whatever the spelling (`node:fs`, `fs`): dependency-cruiser gives them the type `core`. */
const NODE = { dependencyTypes: ['core'] };

/** npm packages by name: a path pattern for `to.path` / `to.pathNot`. */
const npm = (...names) => `^node_modules/(${names.map((n) => n.replace('/', '\\/')).join('|')})/`;

/**
 * The modules workflow code may import for their values (type-only imports are erased before bundling, so those
 * are free, e.g. `import type * as activities from '../activities/provisioning.js'` for proxyActivities).
 * Each is pure: no Node built-in, no I/O, no clock, no randomness; and imports only types or other pure modules
 * (rule `pure-modules-stay-pure`), so the allowlist holds transitively.
 */
const PURE_FOR_WORKFLOWS = [
  '^provisioning/', // the provisioning model: types, failure type names, permission-policy arithmetic, rotation input
  '^decisions/', // one pure decision per resource: what must change, read by activities, plan, verify and workflows
  '^observability/metric-names\\.ts$', // metric names and label values, shared by the workflow meter and the activities
  '^temporal/search-attributes\\.ts$', // search attribute keys (@temporalio/common's defineSearchAttributeKey)
  '^verification/summary\\.ts$', // the verification summary, computed from the checks' results
  '^purecloud/oauth-client-request\\.ts$', // the one PUT body of an OAuth client, shared by the client and the decisions
];
const WORKFLOW_PACKAGES = npm('@temporalio/workflow', '@temporalio/common');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other (directly or through others).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-temporal-below-activities',
      severity: 'error',
      comment: 'The Genesys client, the emulator and what they use know nothing of Temporal.',
      from: { path: '^(purecloud|emulator|secrets|saml)/' },
      to: { path: '^node_modules/@temporalio/' },
    },
    {
      name: 'purecloud-imports-only-below',
      severity: 'error',
      comment:
        'purecloud/ may import: itself, secrets/ (redaction, secret references), undici, Node built-ins, and the ' +
        "official SDK's types (rule sdk-types-only).",
      from: { path: '^purecloud/' },
      to: {
        pathNot: ['^purecloud/', '^secrets/', npm('undici', 'purecloud-platform-client-v2')],
        dependencyTypesNot: NODE.dependencyTypes,
      },
    },
    {
      name: 'sdk-types-only',
      severity: 'error',
      comment:
        'The official Genesys SDK is evidence, not a runtime dependency: outside test/, only its types are imported ' +
        '(purecloud/sdk-model-contract.ts ties our models to them).',
      from: { pathNot: '^test/' },
      to: { path: npm('purecloud-platform-client-v2'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'emulator-imports-only-below',
      severity: 'error',
      comment:
        'emulator/ may import: itself, saml/ (SAML response checks), @xmldom/xmldom, xml-crypto, undici, zod, ' +
        'commander (its main), Node built-ins. Not purecloud/: the emulator must not share the client’s view of the API.',
      from: { path: '^emulator/' },
      to: {
        pathNot: ['^emulator/', '^saml/', npm('@xmldom/xmldom', 'xml-crypto', 'undici', 'zod', 'commander')],
        dependencyTypesNot: NODE.dependencyTypes,
      },
    },
    {
      name: 'leaf-libraries-import-nothing-of-ours',
      severity: 'error',
      comment:
        'secrets/, saml/ and text/ (text checks, careful file reads) sit under purecloud/ and emulator/: they ' +
        'import only npm packages, Node and each other.',
      from: { path: '^(secrets|saml|text)/' },
      to: { pathNot: ['^node_modules/', '^(secrets|saml|text)/'], dependencyTypesNot: NODE.dependencyTypes },
    },
    {
      name: 'workflows-import-only-the-allowlist',
      severity: 'error',
      comment:
        'Workflow code runs in the deterministic sandbox: it imports @temporalio/workflow, @temporalio/common and ' +
        'the pure modules of PURE_FOR_WORKFLOWS for their values; anything else by type only.',
      from: { path: '^workflows/' },
      to: {
        pathNot: ['^workflows/', WORKFLOW_PACKAGES, ...PURE_FOR_WORKFLOWS],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'pure-modules-stay-pure',
      severity: 'error',
      comment:
        'A module of PURE_FOR_WORKFLOWS imports values only from other pure modules and @temporalio/common.',
      from: { path: PURE_FOR_WORKFLOWS },
      to: {
        pathNot: [npm('@temporalio/common'), ...PURE_FOR_WORKFLOWS],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A module nothing imports and that imports nothing: dead code, or an entry point to list here.',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(c|m)?js$', // dotfiles (this configuration)
          '\\.d\\.(c|m)?ts$', // type declarations
          '(^|/)(eslint|vitest)\\.config\\.(js|ts)$',
          '^codec/failure-converter\\.cjs$', // loaded by path: the worker's failureConverterPath (codec/data-converter.ts)
        ],
      },
      to: {},
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file or package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      comment: 'An npm package imported but not in package.json (it works only by accident of hoisting).',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(\\.data|out|dist|coverage|test-results)/' },
    // Type-only imports count: a folder that needs another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
