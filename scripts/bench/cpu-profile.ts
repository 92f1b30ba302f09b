import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) that a summary needs. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

// Not time the server spent working: the event loop waiting, and V8's own bookkeeping.
const NOT_WORK = new Set(['(idle)', '(program)', '(root)']);

/** One function's share of the busy time of a profile. */
export interface ProfileEntry {
  /** `name file:line`, with the repository and node_modules prefixes cut. */
  where: string;
  /** Self time, as a fraction of all busy (non-idle) samples. */
  share: number;
}

function label(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/');
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file.replace(/^.*\/scripts\//, 'scripts/')}:${frame.lineNumber + 1}` : name;
}

/**
 * The functions with the most self time in a `.cpuprofile`, as shares of the time the main thread
 * was busy. Native work shows under the JS function that called it (a socket write under
 * `writev`), so the top entries say where the server's time goes.
 */
export function topSelfTime(file: string, count: number): ProfileEntry[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const labels = new Map(profile.nodes.map((node) => [node.id, label(node.callFrame)]));
  const byLabel = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const where = labels.get(id) ?? '(unknown)';
    if (NOT_WORK.has(where)) return;
    const micros = profile.timeDeltas[index] ?? 0;
    busy += micros;
    byLabel.set(where, (byLabel.get(where) ?? 0) + micros);
  });
  return [...byLabel]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, micros]) => ({ where, share: busy > 0 ? micros / busy : 0 }));
}

/** The main-thread profile in `dir`: node writes one per thread, and the main thread's is `.0.001`. */
export function mainThreadProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const main = files.find((name) => /\.0\.001\.cpuprofile$/.test(name)) ?? files[0];
  return main && path.join(dir, main);
}
