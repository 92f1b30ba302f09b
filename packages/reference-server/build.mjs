#!/usr/bin/env node
// Builds what `@hearth/reference-server` ships: the compiled server in dist/ (tsc, with the
// declarations of its public API), and beside the modules that read them at run time the files tsc
// does not copy: the SQL migrations, the demo media and the REST contract (dist/openapi.yaml). The
// SDK must be built first: the server imports `@hearth/sdk/protocol` as an installed app would.
// tsc only emits here (`--noCheck`): `npm run typecheck` is what checks, and `npm start` should not
// refuse to run the server because of a type error, no more than tsx did.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

rmSync(here('dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', here('tsconfig.build.json'), '--noCheck'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

for (const engine of ['sqlite', 'postgres']) {
  cpSync(here(`src/storage/${engine}/migrations`), here(`dist/storage/${engine}/migrations`), { recursive: true });
}
cpSync(here('src/demo/media'), here('dist/demo/media'), { recursive: true });
cpSync(here('../../openapi.yaml'), here('dist/openapi.yaml'));
// npm sets the mode of a bin on install; `node dist/main.js` and a linked workspace need it here.
chmodSync(here('dist/main.js'), 0o755);
