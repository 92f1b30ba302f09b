#!/usr/bin/env node
// Builds packages/elements/dist/hearth-elements.js: every element with lit and the SDK inside,
// minified, for a page with no build step (`<script type="module" src="hearth-elements.js">`), and
// beside it the files of what loads on first use (hearth-elements-*.js, fetched relative to it).
// esbuild rather than rollup here: bundling all modules in one pass lets the decorator helpers
// that each element needs be emitted once for the whole file instead of once per module.
import { Buffer } from 'node:buffer';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleStandalone } from './standalone-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages/elements/dist');
// `--copy-to dir` also places the bundle in a page's directory (the drop-in example).
const copyTo = process.argv.includes('--copy-to') ? process.argv[process.argv.indexOf('--copy-to') + 1] : undefined;

const { main, lazy, map } = await bundleStandalone(root);
const files = [
  { name: main.name, contents: Buffer.concat([main.contents, Buffer.from(`//# sourceMappingURL=${main.name}.map\n`)]) },
  { name: `${main.name}.map`, contents: map },
  ...lazy,
];
for (const directory of [dist, ...(copyTo ? [path.resolve(copyTo)] : [])]) {
  mkdirSync(directory, { recursive: true });
  // The lazy files are named by their content: those of an earlier build go.
  for (const old of readdirSync(directory)) if (/^hearth-elements-.*\.js$/.test(old)) rmSync(path.join(directory, old));
  for (const { name, contents } of files) writeFileSync(path.join(directory, name), contents);
}
const gzip = (contents) => gzipSync(contents, { level: 9 }).byteLength;
console.log(`${main.name}: ${main.contents.byteLength} B, ${gzip(main.contents)} B gzip`);
for (const file of lazy) console.log(`  on first use, ${file.name}: ${file.contents.byteLength} B, ${gzip(file.contents)} B gzip`);
