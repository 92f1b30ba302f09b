#!/usr/bin/env node
// Builds packages/elements/dist/hearth-elements.js: every element with lit and the SDK inside,
// minified, for a page with no build step (`<script type="module" src="hearth-elements.js">`).
// esbuild rather than rollup here: bundling all modules in one pass lets the decorator helpers
// that each element needs be emitted once for the whole file instead of once per module.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'packages/elements/dist/hearth-elements.js');
// `--copy-to dir` also places the bundle in a page's directory (the drop-in example).
const copyTo = process.argv.includes('--copy-to') ? process.argv[process.argv.indexOf('--copy-to') + 1] : undefined;

/** The CSS inside `css` templates, with runs of white space collapsed (esbuild leaves it as written). */
const compactCss = {
  name: 'compact-css',
  setup(builder) {
    builder.onLoad({ filter: /packages\/elements\/src\/.*\.styles\.ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/css`([^`]*)`/g, (_, body) => `css\`${body.replace(/\s+/g, ' ').replace(/ ?([{};:,>]) ?/g, '$1')}\``);
      return { contents, loader: 'ts' };
    });
  },
};

mkdirSync(path.dirname(outfile), { recursive: true });
const result = await build({
  entryPoints: [path.join(root, 'packages/elements/src/index.ts')],
  outfile,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  conditions: ['source', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [compactCss],
  write: true,
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
const { readFileSync } = await import('node:fs');
console.log(`hearth-elements.js: ${bytes} B, ${gzipSync(readFileSync(outfile), { level: 9 }).byteLength} B gzip`);
if (copyTo) {
  const { copyFileSync } = await import('node:fs');
  for (const file of ['hearth-elements.js', 'hearth-elements.js.map']) {
    copyFileSync(path.join(path.dirname(outfile), file), path.join(path.resolve(copyTo), file));
  }
}
