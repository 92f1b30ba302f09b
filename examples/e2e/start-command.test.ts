import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let child: ChildProcess;
let url: string;
let dataDir: string;

/**
 * `npm start` exactly as the README gives it, on a free port and a fresh data directory. It builds
 * the SDK and the server first (tsc), so it gets a generous time to come up.
 */
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-start-'));
  child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HEARTH_DATA_DIR: dataDir, HEARTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the whole tree (npm, tsx, node) can be stopped together.
    detached: true,
  });
  let output = '';
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not start:\n${output}`)), 150_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Hearth is running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', () => reject(new Error(`npm start exited:\n${output}`)));
  });
}, 180_000);

afterAll(async () => {
  if (child?.pid) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves health, the contract, the docs, the demo data and the drop-in page', async () => {
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${url}/api/openapi.yaml`)).text()).toMatch(/^openapi: 3\.1/m);
    expect(await (await fetch(`${url}/api/docs/`)).text()).toMatch(/swagger-ui/i);

    const guest = (await (
      await fetch(`${url}/api/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Newcomer"}' })
    ).json()) as { token: string };
    const headers = { authorization: `Bearer ${guest.token}` };
    const categories = (await (await fetch(`${url}/api/categories`, { headers })).json()) as unknown[];
    expect(categories.length).toBeGreaterThan(0);
    const servers = (await (await fetch(`${url}/api/servers`, { headers })).json()) as Array<{ memberCount: number; channels: unknown[] }>;
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.every((server) => server.memberCount > 0 && server.channels.length > 0)).toBe(true);

    const page = await (await fetch(`${url}/`)).text();
    expect(page).toContain('<chat-app>');
    const bundle = await fetch(`${url}/hearth-elements.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });
});
