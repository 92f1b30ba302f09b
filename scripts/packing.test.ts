// The three packages as a user gets them: built, packed by npm, installed from their tarballs into a
// directory outside the repository, then linted (publint, @arethetypeswrong/cli), run (the
// hearth-server bin, the SDK on Node) and type-checked (tsc --strict, vue-tsc) from there. Inside the
// repository the workspaces resolve to their sources; only this sees what the tarballs hold.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('packing/', import.meta.url));
const PACKAGES = ['sdk', 'elements', 'reference-server'] as const;
type PackageDir = (typeof PACKAGES)[number];

interface Packed {
  name: string;
  filename: string;
  files: string[];
  tarball: string;
}

let work: string;
let app: string;
const packed = new Map<PackageDir, Packed>();

/** The version the repository installed of `name`: npm's cache has it, so the install stays offline. */
const installedVersion = (name: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

function run(command: string, args: string[], cwd: string, timeout = 120_000): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout });
}

/** A command in the temporary install, run as its user would: its own node_modules/.bin first on PATH. */
function inApp(bin: string, args: string[]) {
  const result = spawnSync(path.join(app, 'node_modules', '.bin', bin), args, {
    cwd: app,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: `${path.join(app, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`, HOME: app },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

interface Outcome {
  code: number | null;
  output: string;
}

/** Starts a command now and resolves once it ends: the slow checks run side by side on every core. */
function started(command: string, args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: `${path.join(app, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`, HOME: app },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: null, output: String(error) }));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** The strict TypeScript settings of a user's project, with `files` and what differs. */
function tsconfig(name: string, compilerOptions: Record<string, unknown>, files: string[]): string {
  const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2023', 'DOM', 'DOM.Iterable'] };
  writeFileSync(path.join(app, name), JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, files }));
  return name;
}

const attw = new Map<PackageDir, Promise<Outcome>>();
let typeChecks: Record<'node' | 'react' | 'vue', Promise<Outcome>>;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'hearth-packing-'));
  app = path.join(work, 'app');
  mkdirSync(app);

  run('npm', ['run', '--silent', 'build'], ROOT, 180_000);
  const report = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', work, ...PACKAGES.flatMap((dir) => ['--workspace', `packages/${dir}`])], ROOT),
  ) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
  for (const dir of PACKAGES) {
    const entry = report.find((item) => item.name === `@hearth/${dir}`);
    if (!entry) throw new Error(`npm pack made no tarball for @hearth/${dir}`);
    packed.set(dir, { ...entry, files: entry.files.map((file) => file.path), tarball: path.join(work, entry.filename) });
  }

  const tarball = (dir: PackageDir) => `file:${packed.get(dir)?.tarball ?? ''}`;
  const tools = ['typescript', 'react', '@types/react', '@types/node', 'vue', 'vue-tsc'];
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'hearth-packing-app',
      private: true,
      type: 'module',
      dependencies: {
        '@hearth/sdk': tarball('sdk'),
        '@hearth/elements': tarball('elements'),
        '@hearth/reference-server': tarball('reference-server'),
      },
      devDependencies: Object.fromEntries(tools.map((name) => [name, installedVersion(name)])),
      // The elements and the server depend on @hearth/sdk by version: this tarball is that version.
      overrides: { '@hearth/sdk': '$@hearth/sdk' },
    }),
  );
  // Install scripts off: better-sqlite3 would compile for a minute. Its addon, built by the
  // repository's own install of the same version for the same Node, is copied in instead.
  run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app, 240_000);
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  expect(installedVersion('better-sqlite3')).toBe(
    (JSON.parse(readFileSync(path.join(app, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version,
  );
  mkdirSync(path.dirname(path.join(app, addon)), { recursive: true });
  copyFileSync(path.join(ROOT, addon), path.join(app, addon));
  for (const fixture of ['sdk-usage.ts', 'elements-usage.tsx', 'elements-usage.vue', 'sdk-on-node.mjs']) {
    copyFileSync(path.join(FIXTURES, fixture), path.join(app, fixture));
  }

  for (const dir of PACKAGES) {
    const { tarball } = packed.get(dir) as Packed;
    attw.set(dir, started(path.join(ROOT, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], ROOT));
  }
  const bin = (name: string) => path.join(app, 'node_modules/.bin', name);
  typeChecks = {
    node: started(
      bin('tsc'),
      ['-p', tsconfig('tsconfig.node.json', { module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'] }, ['sdk-usage.ts'])],
      app,
    ),
    react: started(
      bin('tsc'),
      [
        '-p',
        tsconfig('tsconfig.react.json', { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', types: [] }, [
          'elements-usage.tsx',
        ]),
      ],
      app,
    ),
    vue: started(
      bin('vue-tsc'),
      ['-p', tsconfig('tsconfig.vue.json', { module: 'ESNext', moduleResolution: 'Bundler', types: [] }, ['elements-usage.vue'])],
      app,
    ),
  };
}, 300_000);

afterAll(async () => {
  // The checks started in the background end before their files go.
  await Promise.allSettled([...attw.values(), ...Object.values(typeChecks ?? {})]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(PACKAGES)('@hearth/%s as packed', (dir) => {
  it('passes publint with no error, warning or suggestion', async () => {
    const { tarball } = packed.get(dir) as Packed;
    const bytes = readFileSync(tarball);
    const result = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    expect(result.messages.map((message) => formatMessage(message, result.pkg) ?? message.code)).toEqual([]);
  });

  it('passes @arethetypeswrong/cli (ESM only)', async () => {
    const result = await attw.get(dir);
    expect(result?.code, result?.output).toBe(0);
  });

  it('ships its README, LICENSE and built files, and no tests or sources', () => {
    const { files } = packed.get(dir) as Packed;
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    expect(files.filter((file) => /(^|\/)(test|tests)\/|\.test\.|^src\//.test(file))).toEqual([]);
    expect(files.some((file) => file.startsWith('dist/') && file.endsWith('.d.ts'))).toBe(true);
  });

  it('links only to files in the package or to full addresses from its README', () => {
    const { files, tarball } = packed.get(dir) as Packed;
    const readme = execFileSync('tar', ['-xOzf', tarball, 'package/README.md'], { encoding: 'utf8' });
    // Links in prose, not the Markdown syntax shown in code (`[text](url)`).
    const prose = readme.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
    const local = targets.filter((target) => !/^(https?:|mailto:|#)/.test(target)).map((target) => target.replace(/#.*$/, ''));
    expect(local.filter((target) => !files.includes(path.posix.normalize(target)))).toEqual([]);
  });
});

describe('what the packages ship', () => {
  it('the server: the compiled CLI, migrations, demo media and the REST contract', () => {
    const { files } = packed.get('reference-server') as Packed;
    expect(files).toEqual(expect.arrayContaining(['dist/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/openapi.yaml']));
    expect(files.filter((file) => /^dist\/storage\/sqlite\/migrations\/\d+-.+\.sql$/.test(file)).length).toBeGreaterThan(0);
    expect(files.filter((file) => /^dist\/storage\/postgres\/migrations\/\d+-.+\.sql$/.test(file)).length).toBeGreaterThan(0);
    expect(files.filter((file) => file.startsWith('dist/demo/media/')).length).toBeGreaterThan(0);
    expect(readFileSync(path.join(app, 'node_modules/@hearth/reference-server/dist/openapi.yaml'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8'),
    );
    const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules/@hearth/reference-server/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: unknown;
      engines: { node: string };
    };
    expect(manifest.devDependencies).toBeUndefined();
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(manifest.engines.node).toBe('>=20');
  });

  it('the elements: custom-elements.json naming only shipped files, API.md, and the framework types', () => {
    const { files } = packed.get('elements') as Packed;
    expect(files).toEqual(
      expect.arrayContaining([
        'API.md',
        'custom-elements.json',
        'types/react.d.ts',
        'types/vue.d.ts',
        'types/svelte.d.ts',
        'types/hearth-elements.d.ts',
      ]),
    );
    const manifest = readFileSync(path.join(app, 'node_modules/@hearth/elements/custom-elements.json'), 'utf8');
    const paths = [...manifest.matchAll(/"(?:path|module)": "([^"]+)"/g)]
      .map((match) => match[1] ?? '')
      .filter((file) => !file.startsWith('.'));
    expect(paths.length).toBeGreaterThan(10);
    expect([...new Set(paths)].filter((file) => !files.includes(file))).toEqual([]);
  });
});

describe('hearth-server, installed from the tarball', () => {
  it('--help lists the flags with their variables and defaults', () => {
    const help = inApp('hearth-server', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: hearth-server \[flags\]/);
    expect(help.stdout).toMatch(/--port <value>\n\s+PORT \(default 8000\)/);
    expect(help.stdout).toMatch(/--origins <value>\n\s+HEARTH_ORIGINS/);
    expect(help.stdout).toMatch(/--demo\n\s+HEARTH_DEMO/);
  });

  it('--version prints the package version; a mistyped flag is reported as typed', () => {
    expect(inApp('hearth-server', ['--version']).stdout).toBe('0.1.0\n');
    const mistyped = inApp('hearth-server', ['--prot', '9000']);
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toContain('--prot: unknown flag; did you mean --port?');
    expect(mistyped.stderr).not.toContain('HEARTH_PROT');
  });

  describe('started with --demo on a free port', () => {
    let server: ChildProcess;
    let url: string;
    let output = '';

    beforeAll(async () => {
      server = spawn(
        path.join(app, 'node_modules/.bin/hearth-server'),
        ['--demo', '--port', '0', '--host', '127.0.0.1', '--data-dir', path.join(work, 'data')],
        {
          cwd: app,
          env: { PATH: process.env.PATH ?? '', HEARTH_LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`hearth-server did not start:\n${output}`)), 20_000);
        server.stdout?.on('data', () => {
          const match = /Hearth is running at (\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        server.once('exit', () => reject(new Error(`hearth-server exited:\n${output}`)));
      });
    }, 30_000);

    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
    });

    it('answers /healthz, /api/openapi.yaml, /api/docs and the demo media', async () => {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const contract = await fetch(`${url}/api/openapi.yaml`);
      expect(contract.status).toBe(200);
      expect(await contract.text()).toMatch(/^openapi: 3\.1/m);
      expect(await (await fetch(`${url}/api/docs/`)).text()).toMatch(/swagger-ui/i);
      const guest = (await (
        await fetch(`${url}/api/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Packer"}' })
      ).json()) as { token: string };
      const servers = (await (await fetch(`${url}/api/servers`, { headers: { authorization: `Bearer ${guest.token}` } })).json()) as Array<{
        iconUrl: string | null;
      }>;
      const icon = servers.find((server) => server.iconUrl)?.iconUrl;
      expect(icon).toBeTruthy();
      expect((await fetch(new URL(icon ?? '', url))).status).toBe(200);
    });

    it("serves the SDK on Node: REST as it is; the socket with ws's WebSocket, and a clear error of its own without one", () => {
      const result = spawnSync(process.execPath, ['sdk-on-node.mjs', url], { cwd: app, encoding: 'utf8', timeout: 30_000 });
      expect(result.status, result.stderr).toBe(0);
      const outcome = JSON.parse(result.stdout) as {
        servers: number;
        hasGlobal: boolean;
        without?: { error?: { name: string; code: string; message: string } };
        withWs: { state?: string };
      };
      expect(outcome.servers).toBeGreaterThan(0);
      expect(outcome.withWs).toEqual({ state: 'open' });
      if (!outcome.hasGlobal) {
        expect(outcome.without?.error).toMatchObject({ name: 'ChatSocketError', code: 'unsupported' });
        expect(outcome.without?.error?.message).toMatch(/WebSocket/);
      }
    });
  });
});

describe('type-checked from the temporary install', () => {
  it('a Node app using the SDK and the server library (tsc --strict)', async () => {
    expect(await typeChecks.node).toEqual({ code: 0, output: '' });
  });

  it('a React 19 component using <chat-app> and <chat-messages> and their events (tsc --strict)', async () => {
    expect(await typeChecks.react).toEqual({ code: 0, output: '' });
  });

  it('a Vue single-file component using the same elements (vue-tsc)', async () => {
    expect(await typeChecks.vue).toEqual({ code: 0, output: '' });
  });
});
