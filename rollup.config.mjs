// Builds the published ESM of the packages (CONVENTIONS.md §7). One file per source module
// (`preserveModules`), so an app's bundler keeps only what it imports; dependencies stay external,
// so the app dedupes them and applies its own `process.env.NODE_ENV`. Declarations come from
// `tsc --emitDeclarationOnly` (packages/sdk/tsconfig.build.json), run after this.
//
// `rollup -c` builds every package; `rollup -c --configPackage sdk` builds one.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import esbuild from 'rollup-plugin-esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Every dependency of a package, and any subpath of one (`zod/mini`). */
function externalOf(packageDir) {
  const { dependencies = {}, peerDependencies = {} } = JSON.parse(readFileSync(here(`${packageDir}/package.json`), 'utf8'));
  const names = Object.keys({ ...dependencies, ...peerDependencies });
  return (id) => names.some((name) => id === name || id.startsWith(`${name}/`));
}

/** Empties `dir` before a build, so a renamed or deleted module leaves no stale file behind. */
const clean = (dir) => ({
  name: 'clean',
  buildStart: () => rmSync(dir, { recursive: true, force: true }),
});

/** Copies files tsc does not emit (hand-written or generated `.d.ts`) into the output. */
const copy = (files) => ({
  name: 'copy',
  generateBundle() {
    for (const [from, fileName] of files) this.emitFile({ type: 'asset', fileName, source: readFileSync(from) });
  },
});

/** Prints each package's total size and gzip size, for a glance in the build log. */
const sizes = (label) => ({
  name: 'sizes',
  generateBundle(_options, bundle) {
    const chunks = Object.values(bundle)
      .filter((file) => file.type === 'chunk')
      .sort((a, b) => a.fileName.localeCompare(b.fileName));
    const code = chunks.map((chunk) => chunk.code).join('\n');
    console.log(
      `${label}: ${chunks.length} modules, ${Buffer.byteLength(code)} B, ${gzipSync(code, { level: 9 }).byteLength} B gzip (unminified)`,
    );
  },
});

const sdk = {
  input: {
    index: here('packages/sdk/src/index.ts'),
    'protocol/index': here('packages/sdk/src/protocol/index.ts'),
    community: here('packages/sdk/src/community.ts'),
    attachments: here('packages/sdk/src/attachments.ts'),
    search: here('packages/sdk/src/search.ts'),
    'read-states': here('packages/sdk/src/read-states.ts'),
    threads: here('packages/sdk/src/threads.ts'),
    'message-actions': here('packages/sdk/src/message-actions.ts'),
    members: here('packages/sdk/src/members.ts'),
    guest: here('packages/sdk/src/guest.ts'),
    typing: here('packages/sdk/src/typing.ts'),
  },
  external: externalOf('packages/sdk'),
  plugins: [
    clean(here('packages/sdk/dist')),
    // Resolves the `.js` specifiers of the sources to their `.ts` files and strips the types;
    // `import type` disappears, so zod stays out of the core's module graph.
    esbuild({ target: 'es2022' }),
    copy([[here('packages/sdk/src/generated/openapi.d.ts'), 'generated/openapi.d.ts']]),
    sizes('@hearth/sdk'),
  ],
  output: {
    dir: here('packages/sdk/dist'),
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: here('packages/sdk/src'),
    entryFileNames: '[name].js',
    sourcemap: true,
  },
};

const elementEntries = ['index', 'chat-provider', 'chat-server-list', 'chat-channels', 'chat-messages', 'chat-app'];

/**
 * @hearth/elements as ESM for bundlers: one module per source file, dependencies external. The
 * standalone `hearth-elements.js` is built by scripts/build-standalone.mjs.
 */
const elements = {
  input: Object.fromEntries(
    elementEntries.map((name) => [
      name === 'index' ? 'index' : `${name}/${name}`,
      here(name === 'index' ? 'packages/elements/src/index.ts' : `packages/elements/src/${name}/${name}.ts`),
    ]),
  ),
  external: externalOf('packages/elements'),
  plugins: [esbuild({ target: 'es2022' }), sizes('@hearth/elements')],
  output: {
    dir: here('packages/elements/dist'),
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: here('packages/elements/src'),
    entryFileNames: '[name].js',
    sourcemap: true,
  },
};

const packages = { sdk, elements };

export default (args) => {
  const only = args.configPackage;
  if (only === undefined) return Object.values(packages);
  if (!(only in packages))
    throw new Error(`rollup.config.mjs: unknown --configPackage ${only}; one of ${Object.keys(packages).join(', ')}`);
  return packages[only];
};
