import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) that a summary needs. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  /** When sampling began, in µs of the monotonic clock (`process.hrtime`'s, on Linux). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

// Not time the server spent working: the event loop waiting, and V8's own bookkeeping.
const NOT_WORK = new Set(['(idle)', '(program)', '(root)']);

/** One function's (or origin's) share of the busy time of a profile. */
export interface ProfileEntry {
  /** `name file:line`, with the repository and node_modules prefixes cut; or an origin. */
  where: string;
  /** Self time, as a fraction of all busy (non-idle) samples. */
  share: number;
}

/**
 * Spans of the monotonic clock, in µs (`process.hrtime.bigint() / 1000n`, the clock the profile's
 * own timestamps use): only samples inside one of them count. Undefined counts the whole profile.
 */
export type ProfileWindows = ReadonlyArray<readonly [startUs: number, endUs: number]>;

/** The monotonic clock in µs, for {@link ProfileWindows}. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function label(frame: CallFrame): string {
  const file = frame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/');
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file.replace(/^.*\/scripts\//, 'scripts/')}:${frame.lineNumber + 1}` : name;
}

/**
 * Busy time by `keyOf` of each profile node, largest first, as shares of all busy time; samples
 * outside `windows` are left out.
 */
function busyTimeBy(
  profile: CpuProfile,
  keyOf: (nodeId: number) => string | undefined,
  count: number,
  windows: ProfileWindows | undefined,
): ProfileEntry[] {
  const byKey = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (windows && !windows.some(([start, end]) => at >= start && at <= end)) return;
    const key = keyOf(id);
    if (key === undefined) return;
    busy += micros;
    byKey.set(key, (byKey.get(key) ?? 0) + micros);
  });
  return [...byKey]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, micros]) => ({ where, share: busy > 0 ? micros / busy : 0 }));
}

function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/**
 * The functions with the most self time in a `.cpuprofile`, as shares of the time the main thread
 * was busy (within `windows`, when given). Native work shows under its own name (`writev`), so the
 * top entries say where the server's time goes.
 */
export function topSelfTime(file: string, count: number, windows?: ProfileWindows): ProfileEntry[] {
  const profile = readProfile(file);
  const labels = new Map(
    profile.nodes.map((node) => [node.id, NOT_WORK.has(node.callFrame.functionName) ? undefined : label(node.callFrame)]),
  );
  return busyTimeBy(profile, (id) => labels.get(id), count, windows);
}

const HEARTH_CODE = /packages\/([^/]+)\/(?:dist|src)\/(.+)$/;

/**
 * Where a frame's code comes from: a package (`pg`, `ioredis`, `ws`) or a folder of a Hearth
 * package (`reference-server storage/postgres`); undefined for Node's own code and native code,
 * which do work on behalf of whoever called them.
 */
function ownerOf(frame: CallFrame): { name: string; hearth: boolean } | undefined {
  const url = frame.url.replace(/^file:\/\//, '');
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency?.[1]) return { name: dependency[1], hearth: false };
  const hearth = HEARTH_CODE.exec(url);
  if (hearth?.[1] && hearth[2]) {
    const folder = path.posix.dirname(hearth[2]);
    return { name: `${hearth[1]} ${folder === '.' ? path.posix.basename(hearth[2]).replace(/\.[jt]s$/, '') : folder}`, hearth: true };
  }
  if (url.includes('/scripts/')) return { name: url.replace(/^.*\/scripts\//, 'scripts/'), hearth: true };
  return undefined;
}

/** A Hearth frame as a caller: its function and file below the package's `dist` or `src`. */
function callerName(frame: CallFrame): string {
  const file = HEARTH_CODE.exec(frame.url)?.[2] ?? frame.url.replace(/^.*\/scripts\//, 'scripts/');
  return `${frame.functionName || '(anonymous)'} ${file}`;
}

/**
 * The name of work no package or Hearth frame asked for: the outermost Node module on the stack
 * (`node:net`, from the event loop), else the native function itself (`(garbage collector)`).
 */
function ownOrigin(frame: CallFrame, parent: CallFrame | undefined): string {
  if (frame.url.startsWith('node:')) return frame.url.split('/').slice(0, 2).join('/');
  if (parent?.url.startsWith('node:')) return parent.url.split('/').slice(0, 2).join('/');
  return frame.functionName || '(anonymous)';
}

/** For each profile node: whom its time is for, and the innermost Hearth frame on its stack. */
interface Attribution {
  /** The innermost package or Hearth folder on the stack, else {@link ownOrigin}; undefined for idle time. */
  owner: string | undefined;
  /** Whether {@link owner} is a dependency rather than Hearth's own code. */
  dependency: boolean;
  /** The innermost Hearth frame on the stack ({@link callerName}), if any. */
  caller: string | undefined;
}

/** Walks the call tree from its roots down, so each node inherits from its parent (no recursion: stacks can be deep). */
function attribute(profile: CpuProfile): Map<number, Attribution> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const children = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const result = new Map<number, Attribution>();
  const pending: Array<{ id: number; parent: CallFrame | undefined; inherited: Attribution | undefined }> = profile.nodes
    .filter((node) => !children.has(node.id))
    .map((node) => ({ id: node.id, parent: undefined, inherited: undefined }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const node = byId.get(next.id);
    if (!node) continue;
    const frame = node.callFrame;
    let attribution: Attribution;
    if (NOT_WORK.has(frame.functionName)) {
      attribution = { owner: undefined, dependency: false, caller: undefined };
    } else {
      const own = ownerOf(frame);
      const caller = own?.hearth ? callerName(frame) : next.inherited?.caller;
      attribution = own
        ? { owner: own.name, dependency: !own.hearth, caller }
        : next.inherited?.owner !== undefined
          ? { ...next.inherited, caller }
          : { owner: ownOrigin(frame, next.parent), dependency: false, caller };
    }
    result.set(next.id, attribution);
    // The root and idle nodes pass nothing down: what runs under them starts afresh.
    const passed = attribution.owner === undefined ? undefined : attribution;
    for (const child of node.children ?? []) pending.push({ id: child, parent: frame, inherited: passed });
  }
  return result;
}

/**
 * Busy time in a `.cpuprofile` by the code it was spent for: each sample goes to the innermost
 * frame of its stack that belongs to a package or to Hearth ({@link ownerOf}), so a socket write
 * in native code counts for `ws`, or `pg`, or `ioredis`, whichever made it. Samples with no such
 * frame keep their own name: `(garbage collector)`, or Node's code run from the event loop
 * (`node:net`, timers). This says which library or part of the server the time went to.
 */
export function busyTimeByOwner(file: string, count: number, windows?: ProfileWindows): ProfileEntry[] {
  const profile = readProfile(file);
  const attributions = attribute(profile);
  return busyTimeBy(profile, (id) => attributions.get(id)?.owner, count, windows);
}

/**
 * The time spent in dependencies (as {@link busyTimeByOwner} counts it), by the Hearth function
 * that called them: `ioredis ← add rate-limit/redis-window-counter.js` (the shared rate limit)
 * apart from `ioredis ← publish fanout/redis-fanout.js` (the fan-out). Work a library does from
 * the event loop (reading its socket, or continuing a query after an `await`) has no Hearth caller
 * on its stack and shows as `← the event loop`. Shares are of all busy time.
 */
export function dependencyTimeByCaller(file: string, count: number, windows?: ProfileWindows): ProfileEntry[] {
  const profile = readProfile(file);
  const attributions = attribute(profile);
  const keyOf = (id: number): string | undefined => {
    const attribution = attributions.get(id);
    if (attribution?.owner === undefined) return undefined;
    return attribution.dependency ? `${attribution.owner} ← ${attribution.caller ?? 'the event loop'}` : '(Hearth and Node code)';
  };
  return busyTimeBy(profile, keyOf, count + 1, windows)
    .filter((entry) => entry.where !== '(Hearth and Node code)')
    .slice(0, count);
}

/** The main-thread profile in `dir`: node writes one per thread, and the main thread's is `.0.001`. */
export function mainThreadProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const main = files.find((name) => /\.0\.001\.cpuprofile$/.test(name)) ?? files[0];
  return main && path.join(dir, main);
}
