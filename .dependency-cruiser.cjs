// The layering of Hearth, written as rules so it cannot drift (CONVENTIONS.md §3 and §5):
//   elements → @hearth/sdk (public entries) → protocol
//   server: http/, socket/ (transports) → services/, delivery/ (core) → storage/ and fanout/
// `npm test` runs `depcruise` with this file; scripts/dependency-rules.test.ts shows each rule biting.
// Paths are relative to the repository root, the way depcruise reports them.

const SERVER = '^packages/reference-server/src';
const CORE = `${SERVER}/(services|delivery)/`;
const TRANSPORTS = `${SERVER}/(http|socket)/`;
const STORAGE = `${SERVER}/storage/`;
const FANOUT = `${SERVER}/fanout/`;
const ELEMENTS = '^packages/elements/src/';
const SDK = '^packages/sdk/src/';
const PROTOCOL = '^packages/sdk/src/protocol/';
// What a test file pulls in is the test's business, not the layer's.
const TESTS = ['\\.test\\.tsx?$', '(^|/)test/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-to-express-or-ws',
      comment:
        'Services and the delivery core are transport-free: REST and the socket are adapters of equal weight over ' +
        'them, so the core must not know express or ws (types included).',
      severity: 'error',
      from: { path: CORE },
      to: { path: '(^|/)node_modules/(@types/)?(express|express-serve-static-core|ws|swagger-ui-express)/' },
    },
    {
      name: 'core-not-to-transports',
      comment:
        'Dependencies point one way: http/ and socket/ call the core, never the reverse. A core module that ' +
        'imports an adapter would tie every transport to that one.',
      severity: 'error',
      from: { path: CORE },
      to: { path: TRANSPORTS },
    },
    {
      name: 'storage-not-to-other-layers',
      comment:
        'Storage is the bottom layer: it serves the core and knows nothing of it, of the transports or of the ' +
        'fan-out. Shared vocabulary (ids, domain types) lives in domain/.',
      severity: 'error',
      from: { path: STORAGE },
      to: { path: [CORE, TRANSPORTS, FANOUT] },
    },
    {
      name: 'fanout-not-to-other-layers',
      comment:
        'The fan-out carries domain events between processes; it must not read storage (gap filling is the ' +
        "core's job) nor know the core or the transports.",
      severity: 'error',
      from: { path: FANOUT },
      to: { path: [STORAGE, CORE, TRANSPORTS] },
    },
    {
      name: 'transports-not-to-storage-or-fanout',
      comment:
        'http/ and socket/ are thin adapters over the core: what they may read, post or receive is decided ' +
        'there. An adapter that reads storage or listens to the fan-out itself bypasses those rules.',
      severity: 'error',
      from: { path: TRANSPORTS },
      to: { path: [STORAGE, FANOUT] },
    },
    {
      name: 'elements-only-sdk-public-entries',
      comment:
        'Elements use the SDK as any page would: through `@hearth/sdk` and its public entries (`protocol`, `community`, `attachments`, `search`, `read-states`, `threads`…). Reaching ' +
        'into its files couples them to internals the published package does not even ship.',
      severity: 'error',
      from: { path: ELEMENTS },
      to: {
        path: ['^packages/sdk/', '^@hearth/sdk/'],
        pathNot: [
          '^packages/sdk/src/index\\.ts$',
          '^packages/sdk/src/protocol/index\\.ts$',
          '^packages/sdk/src/community\\.ts$',
          '^packages/sdk/src/search\\.ts$',
          '^packages/sdk/src/attachments\\.ts$',
          '^packages/sdk/src/read-states\\.ts$',
          '^packages/sdk/src/threads\\.ts$',
          '^packages/sdk/src/message-actions\\.ts$',
          '^packages/sdk/src/members\\.ts$',
          '^packages/sdk/src/guest\\.ts$',
          '^packages/sdk/src/typing\\.ts$',
        ],
      },
    },
    {
      name: 'elements-sdk-by-package-name',
      comment:
        'A relative path into packages/sdk works in the repository and breaks once published: import the SDK ' +
        'by its package name, even its entry (a relative path to any other SDK file breaks the rule above).',
      severity: 'error',
      from: { path: ELEMENTS },
      to: { path: '^packages/sdk/src/(protocol/)?index\\.ts$', dependencyTypes: ['local'] },
    },
    {
      name: 'sdk-not-to-elements',
      comment: 'The SDK is the lower layer and ships on its own (Node bots, React, Vue): it must not know the elements.',
      severity: 'error',
      from: { path: SDK },
      to: { path: ['^packages/elements/', '^@hearth/elements'] },
    },
    {
      name: 'protocol-stands-alone',
      comment:
        'The protocol folder is shared with the server (`@hearth/sdk/protocol`): it holds the frame schemas and ' +
        'nothing else, so the server never pulls in the client core. zod is its only dependency.',
      severity: 'error',
      from: { path: PROTOCOL, pathNot: TESTS },
      to: { pathNot: [PROTOCOL, '(^|/)node_modules/zod/'] },
    },
    {
      name: 'examples-only-package-entries',
      comment:
        'The examples show how a page or a bot uses the published packages, so they import only what the ' +
        "packages export. The e2e tests may reuse the server's test support.",
      severity: 'error',
      from: { path: '^examples/', pathNot: '^examples/e2e/' },
      to: {
        path: '^packages/',
        pathNot: [
          '^packages/sdk/src/index\\.ts$',
          '^packages/sdk/src/protocol/index\\.ts$',
          '^packages/sdk/src/guest\\.ts$',
          '^packages/elements/src/index\\.ts$',
          '^packages/elements/src/(chat-[a-z-]+)/\\1\\.ts$',
          // @hearth/elements/react, /vue, /svelte: the framework types the package exports.
          '^packages/elements/types/(react|vue|svelte)\\.d\\.ts$',
          '^packages/reference-server/src/index\\.ts$',
        ],
      },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes two modules one in all but name: neither can be understood, tested or moved alone, ' +
        'and the evaluation order of ES modules decides which sees the other half-initialised.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports and that imports nothing is dead code or a forgotten entry point. Entry ' +
        'files, tests, declarations and configs are expected to stand alone.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          ...TESTS,
          '\\.d\\.ts$',
          '(^|/)(vite|vitest|rollup|web-test-runner|custom-elements-manifest)\\.config\\.[cm]?[jt]s$',
          '\\.(json|css)$',
          // The drop-in page's script: an HTML page loads it.
          '^examples/drop-in/drop-in\\.js$',
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve fails at run time, or reaches past a package entry (`@hearth/sdk/src/x`).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Build output: the standalone bundle and its chunks are copied next to the drop-in page by `npm start` and the e2e tests.
    exclude: { path: ['(^|/)dist/', '^examples/drop-in/hearth-elements[^/]*\\.js'] },
    // `import type` is a dependency too: a service that names an express type knows express.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      // Workspace packages resolve through their `exports`, under the `source` condition the build and
      // tests use (it points at the .ts sources), so `@hearth/sdk` lands on packages/sdk/src/index.ts
      // through npm's workspace link. The tsconfigs declare no `paths`, so none is read.
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'node', 'default'],
      mainFields: ['module', 'types', 'main'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.vue', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
