#!/usr/bin/env node
// Builds packages/elements/dist/hearth-elements.js: every element with lit and the SDK inside,
// minified, for a page with no build step (`<script type="module" src="hearth-elements.js">`),
// and beside it the hearth-elements-*.js chunks it loads on demand (the thread panel).
// esbuild rather than rollup here: bundling all modules in one pass lets the decorator helpers
// that each element needs be emitted once for the whole file instead of once per module.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { standaloneOptions } from './standalone-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'packages/elements/dist');
// `--copy-to dir` also places the bundle in a page's directory (the drop-in example).
const copyTo = process.argv.includes('--copy-to') ? process.argv[process.argv.indexOf('--copy-to') + 1] : undefined;

/** Removes the bundle and its chunks of an earlier build (their names change with their content). */
function clean(dir) {
  for (const file of readdirSync(dir)) if (/^hearth-elements.*\.js(\.map)?$/.test(file)) rmSync(path.join(dir, file));
}

mkdirSync(outdir, { recursive: true });
clean(outdir);
const result = await build({ ...standaloneOptions(root, outdir), sourcemap: true, write: true, metafile: true });
// The metafile names outputs relative to the working directory.
const files = Object.keys(result.metafile.outputs).map((file) => path.resolve(file));
for (const file of files.filter((name) => name.endsWith('.js'))) {
  console.log(
    `${path.basename(file)}: ${readFileSync(file).byteLength} B, ${gzipSync(readFileSync(file), { level: 9 }).byteLength} B gzip`,
  );
}
if (copyTo) {
  const target = path.resolve(copyTo);
  clean(target);
  for (const file of files) copyFileSync(file, path.join(target, path.basename(file)));
}
