// The esbuild options of the standalone hearth-elements.js, shared by the build
// (scripts/build-standalone.mjs) and the size check (scripts/check-size.mjs), so what is measured
// is what is shipped.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The CSS inside `css` templates, with runs of white space collapsed (esbuild leaves it as written). */
const compactCss = {
  name: 'compact-css',
  setup(builder) {
    builder.onLoad({ filter: /packages\/elements\/src\/.*\.styles\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/css`([^`]*)`/g, (_, body) => `css\`${body.replace(/\s+/g, ' ').replace(/ ?([{};:,>]) ?/g, '$1')}\``);
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * The thread panel's chunk names the package's entry as its own dependency, so that esbuild's
 * splitting puts every module the page loads up front into one shared chunk: split along the
 * panel's imports instead, the up-front code would be two files, each compressed without the
 * other, for about 1.4 KB of gzip more.
 */
const threadChunkWithEntry = (root) => ({
  name: 'thread-chunk-with-entry',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/chat-thread\.js$/ }, (args) =>
      args.importer.endsWith('load-chat-thread.ts') ? { path: 'chat-thread', namespace: 'thread-chunk' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'thread-chunk' }, () => ({
      contents: "import '../index.js'; export * from './chat-thread.js';",
      resolveDir: path.join(root, 'packages/elements/src/chat-thread'),
      loader: 'ts',
    }));
  },
});

/**
 * esbuild options that bundle every element with lit and the SDK, minified, for the browser:
 * `hearth-elements.js`, and beside it the chunks it loads on demand (`hearth-elements-*.js`: the
 * thread panel, when the first thread opens). `outdir` is where they go.
 */
export function standaloneOptions(root, outdir = path.join(root, 'packages/elements/dist')) {
  return {
    entryPoints: { 'hearth-elements': path.join(root, 'packages/elements/src/index.ts') },
    outdir,
    splitting: true,
    chunkNames: 'hearth-elements-[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    conditions: ['source', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [compactCss, threadChunkWithEntry(root)],
  };
}
