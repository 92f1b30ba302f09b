import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from './support/test-server.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Loaded before the server with `--import`: once the server says it is running, reads the size of
 * V8's young generation, then keeps a few MB of small objects alive across scavenges and reads it
 * again, prints both, and stops the server as an operator would.
 */
const probe = `
import { getHeapSpaceStatistics } from 'node:v8';
const youngBytes = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
const write = process.stdout.write.bind(process.stdout);
let done = false;
process.stdout.write = (chunk, ...rest) => {
  if (!done && String(chunk).includes('Hearth is running at')) {
    done = true;
    const started = youngBytes();
    const kept = [];
    for (let i = 0; i < 400_000; i++) kept.push({ i, text: 'x' + i });
    const underLoad = youngBytes();
    process.stderr.write('YOUNG ' + JSON.stringify({ started, underLoad, kept: kept.length }) + '\\n');
    setImmediate(() => process.kill(process.pid, 'SIGTERM'));
  }
  return write(chunk, ...rest);
};
`;

/** Runs `hearth-server --demo` with the probe, plus any node flags; resolves with the probe's figures. */
function youngGenerationOf(nodeFlags: string[]): Promise<{ started: number; underLoad: number }> {
  const dataDir = makeDataDir();
  dataDirs.push(dataDir);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...nodeFlags,
        '--import',
        TSX,
        '--import',
        `data:text/javascript,${encodeURIComponent(probe)}`,
        '--conditions=source',
        MAIN,
        '--demo',
      ],
      {
        env: { PATH: process.env.PATH ?? '', HEARTH_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', HEARTH_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = /^YOUNG (.*)$/m.exec(stderr);
      if (code !== 0 || !line?.[1]) reject(new Error(`the server exited with ${code}:\n${stderr}`));
      else resolve(JSON.parse(line[1]) as { started: number; underLoad: number });
    });
  });
}

describe('the young generation of hearth-server', () => {
  it('stays small through a start and grows again under load once started; an operator who sets its growth is left alone', async () => {
    // An operator's own growth factor, here V8's default, turns the hold off: this start grows it as V8 would.
    const unheld = await youngGenerationOf(['--semi-space-growth-factor=2']);
    const held = await youngGenerationOf([]);
    expect(held.started).toBeLessThan(unheld.started);
    expect(held.underLoad).toBeGreaterThan(held.started);
  }, 90_000);
});
