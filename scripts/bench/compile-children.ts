import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the compiled children go: inside the repository, so that they resolve its node_modules. */
const OUT_DIR = path.join(REPO_ROOT, '.data', 'bench-children');
const SERVER_DIST = path.join(REPO_ROOT, 'packages', 'reference-server', 'dist', 'index.js');

/** The server-under-test children, by the name `ServerProcess.start` takes. */
export type ChildName = 'hearth-child' | 'plain-child';

/** The compiled entry point of a child, as plain JavaScript that `node` runs without a loader. */
export function compiledChild(name: ChildName): string {
  return path.join(OUT_DIR, `${name}.mjs`);
}

/**
 * Makes the children the bench forks: plain JavaScript, so no TypeScript loader runs in them, as
 * none runs in production. The Hearth child imports `@hearth/reference-server`, which resolves to
 * the compiled server in `packages/reference-server/dist`; with `buildServer` it is built first
 * (`npm run build:server`), else it must be there already. Each child is bundled with its bench
 * modules alone: every package stays an import, so Hearth runs exactly as built.
 */
export async function compileChildren({ buildServer }: { buildServer: boolean }): Promise<void> {
  if (buildServer) {
    process.stderr.write('building the server (npm run build:server; --no-build skips this)...\n');
    const built = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: REPO_ROOT, encoding: 'utf8' });
    // The build's own chatter is shown only when it failed.
    if (built.status !== 0) throw new Error(`npm run build:server failed:\n${built.stdout}${built.stderr}`);
  } else if (!existsSync(SERVER_DIST)) {
    throw new Error(`${path.relative(REPO_ROOT, SERVER_DIST)} is missing: run npm run build:server, or drop --no-build`);
  }
  await build({
    entryPoints: (['hearth-child', 'plain-child'] satisfies ChildName[]).map((name) =>
      fileURLToPath(new URL(`./${name}.ts`, import.meta.url)),
    ),
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}
