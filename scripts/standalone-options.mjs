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
 * Each chunk loaded on demand (the thread panel, the mention autocomplete) names the package's
 * entry as its own dependency, so that esbuild's splitting puts every module the page loads up
 * front into one shared chunk. Split along the lazy modules' imports instead, the up-front code
 * would be several files, each compressed without the others, for about 1.5 KB of gzip more.
 */
const lazyChunksWithEntry = (root) => ({
  name: 'lazy-chunks-with-entry',
  setup(builder) {
    const sources = path.join(root, 'packages/elements/src');
    builder.onResolve({ filter: /^\./ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.startsWith(sources)
        ? { path: path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts'), namespace: 'lazy-chunk' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, (args) => ({
      contents: `import ${JSON.stringify(path.join(sources, 'index.ts'))}; export * from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'ts',
    }));
  },
});

/**
 * esbuild options that bundle every element with lit and the SDK, minified, for the browser:
 * `hearth-elements.js`, and beside it the chunks it loads on demand (`hearth-elements-*.js`: the
 * thread panel when the first thread opens, the mention autocomplete at the first `@`). `outdir` is where they go.
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
    plugins: [compactCss, lazyChunksWithEntry(root)],
  };
}
