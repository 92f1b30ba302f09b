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
import { standaloneOptions } from './standalone-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'packages/elements/dist/hearth-elements.js');
// `--copy-to dir` also places the bundle in a page's directory (the drop-in example).
const copyTo = process.argv.includes('--copy-to') ? process.argv[process.argv.indexOf('--copy-to') + 1] : undefined;

mkdirSync(path.dirname(outfile), { recursive: true });
const result = await build({ ...standaloneOptions(root), outfile, sourcemap: true, write: true, metafile: true });
const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
const { readFileSync } = await import('node:fs');
console.log(`hearth-elements.js: ${bytes} B, ${gzipSync(readFileSync(outfile), { level: 9 }).byteLength} B gzip`);
if (copyTo) {
  const { copyFileSync } = await import('node:fs');
  for (const file of ['hearth-elements.js', 'hearth-elements.js.map']) {
    copyFileSync(path.join(path.dirname(outfile), file), path.join(path.resolve(copyTo), file));
  }
}
