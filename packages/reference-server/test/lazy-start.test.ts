import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from './support/test-server.js';

const INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');
const dataDir = makeDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Starts a demo server on SQLite with no Redis in a fresh process, asks for `/healthz` and then the
 * API docs, and reports which of the packages a start on SQLite does not need were loaded by then.
 */
const probe = `
import { createRequire } from 'node:module';
const { loadConfig, startServer } = await import(${JSON.stringify(INDEX)});
const optional = /\\/node_modules\\/(pg|pg-pool|ioredis|swagger-ui-express|swagger-ui-dist)\\//;
const loaded = () => [...new Set(Object.keys(createRequire(import.meta.url).cache).flatMap((file) => optional.exec(file)?.[1] ?? []))].sort();
const server = await startServer(loadConfig({ HEARTH_DATA_DIR: process.env.DATA_DIR, HEARTH_DEMO: '1', PORT: '0', HOST: '127.0.0.1', HEARTH_LOG_LEVEL: 'silent', HEARTH_JWT_SECRET: 'a-secret-long-enough-for-the-probe-only' }));
const health = (await fetch(server.url + '/healthz')).status;
const atStart = loaded();
const docs = await fetch(server.url + '/api/docs/');
const docsPage = /swagger-ui/i.test(await docs.text());
const afterDocs = loaded();
await server.close();
console.log(JSON.stringify({ health, atStart, docs: docs.status, docsPage, afterDocs }));
`;

function runProbe(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, '--conditions=source', '--input-type=module', '-e', probe], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`the probe exited with ${code}:\n${stderr}`))));
  });
}

describe('what a start loads', () => {
  it('serves a demo server on SQLite without loading the PostgreSQL or Redis clients, and the API docs once asked for', async () => {
    const report = JSON.parse((await runProbe()).trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(report).toEqual({
      health: 200,
      atStart: [],
      docs: 200,
      docsPage: true,
      afterDocs: expect.arrayContaining(['swagger-ui-express']) as unknown,
    });
  });
});
