import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './percentile.js';
import { hearthOverrides } from './targets.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'packages', 'reference-server', 'dist', 'main.js');
const START_TIMEOUT_MS = 30_000;
/** How long the server is left alone after its first `/healthz` before its memory is read. */
const SETTLE_MS = 2000;

/** The start's own settings, under any `HEARTH_*` variable of the bench's environment. */
const STARTUP_SETTINGS: Readonly<Record<string, string>> = { HOST: '127.0.0.1', PORT: '0', HEARTH_LOG_LEVEL: 'warn' };

/** One start of the compiled server. */
export interface StartupSample {
  /** From spawning `node` to the first `200` of `/healthz`, in ms. */
  healthzMs: number;
  /** Resident memory of the server process once idle, in MB; undefined where `/proc` is missing. */
  idleRssMb: number | undefined;
}

/** Resident memory of a process in MB, from `/proc` (Linux). */
function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node packages/reference-server/dist/main.js --demo` on a fresh data directory, as an
 * operator would, and measures the time to its first healthy `/healthz` and its idle memory.
 */
async function startOnce(overrides: Record<string, string>): Promise<StartupSample> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, '--demo'], {
    cwd: REPO_ROOT,
    // Nothing else of the bench's environment: a stray NODE_OPTIONS would change what is measured.
    env: { PATH: process.env.PATH ?? '', ...STARTUP_SETTINGS, ...overrides, HEARTH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), START_TIMEOUT_MS);
      child.stdout.on('data', () => {
        const match = /running at (\S+)/.exec(output);
        if (!match?.[1]) return;
        clearTimeout(timer);
        resolve(match[1]);
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the server exited before it started:\n${output}`));
      });
    });
    const health = await fetch(`${url}/healthz`);
    if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
    const healthzMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return { healthzMs, idleRssMb: child.pid === undefined ? undefined : rssMb(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function spread(values: number[], digits: number): string {
  const sorted = Float64Array.from(values).sort();
  const format = (value: number) => value.toFixed(digits);
  return `median ${format(percentile(sorted, 50))} (range ${format(sorted[0] ?? Number.NaN)}–${format(sorted.at(-1) ?? Number.NaN)})`;
}

/**
 * `npm run bench -- --startup`: starts the compiled server `runs` times, one after another, and
 * prints each start's time to `/healthz` and idle RSS, then their median and range. The load
 * average is printed with them: on a busy machine both figures grow with it. `HEARTH_*` variables
 * of the bench's environment reach the server (e.g. `HEARTH_SQLITE_WRITER=thread`), as in the sweep.
 */
export async function benchStartup(runs: number): Promise<void> {
  const overrides = hearthOverrides();
  console.log(`Start of the compiled server: node ${path.relative(REPO_ROOT, MAIN)} --demo, fresh data directory, ${runs} runs`);
  const settings = Object.entries(overrides).map(([key, value]) => `${key}=${value}`);
  if (settings.length > 0) console.log(`  with ${settings.join(' ')}`);
  console.log(`  idle RSS read ${SETTLE_MS / 1000} s after the first healthy /healthz`);
  const samples: StartupSample[] = [];
  for (let run = 1; run <= runs; run++) {
    const sample = await startOnce(overrides);
    samples.push(sample);
    const rss = sample.idleRssMb === undefined ? 'n/a' : `${sample.idleRssMb.toFixed(1)} MB`;
    const load = loadavg()[0]?.toFixed(2) ?? 'n/a';
    console.log(`  run ${run}: /healthz after ${sample.healthzMs.toFixed(0)} ms, idle RSS ${rss}  (load average ${load})`);
  }
  console.log(
    `Time to /healthz: ${spread(
      samples.map((sample) => sample.healthzMs),
      0,
    )} ms`,
  );
  const rss = samples.flatMap((sample) => (sample.idleRssMb === undefined ? [] : [sample.idleRssMb]));
  console.log(`Idle RSS: ${rss.length > 0 ? `${spread(rss, 1)} MB` : 'n/a (no /proc on this system)'}`);
}
