import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { HEARTH_SETTINGS_VARIABLE } from './child-protocol.js';
import type { CpuReader, Endpoint } from './load-generator.js';
import { ServerProcess } from './server-process.js';

const DEMO_SERVER = 's_hearth';
/** The demo channel every socket of the bench posts into or subscribes to. */
export const DEMO_CHANNEL = 'c_hearth_general';
const TEMP_PREFIX = 'hearth-bench-';
// Where the server listens and what it stores into are the bench's to decide, never inherited.
const FORCED = new Set(['HEARTH_DATA_DIR', 'HEARTH_JWT_SECRET', 'HEARTH_DEMO', 'HEARTH_GUEST', HEARTH_SETTINGS_VARIABLE]);

// Data directories not yet deleted, so an interrupted run can still delete them.
const tempDirs = new Set<string>();

/** Deletes every data directory a target made and has not deleted yet; synchronous, for `exit`. */
export function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the data directories of earlier runs that were killed outright (`kill -9` leaves no
 * chance to clean up). Each name holds the pid of its run, so a run still going is left alone.
 */
export function removeStaleTempDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(name.slice(TEMP_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) {
      rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/** How many sockets of each kind the bench opens. */
export interface Shape {
  senders: number;
  subscribers: number;
}

/** The busy channel of the sweep and of `--scale-out`: 10 senders and 100 subscribers on one channel. */
export const BUSY_CHANNEL: Shape = { senders: 10, subscribers: 100 };

/** A started server under test, ready for the load generator. */
export interface RunningTarget {
  /** The first (or only) server process: the one the bench's REST calls go to. */
  process: ServerProcess;
  /** Every server process, in the order of `endpoint.socketUrls`. */
  processes: readonly ServerProcess[];
  endpoint: Endpoint;
  /** The CPU of each server process, then of any service behind them (Redis, PostgreSQL). */
  readCpu: CpuReader;
  /** What each of `readCpu`'s figures is, in its order (e.g. `Hearth 1`, `Redis`). */
  meters: readonly string[];
  /** Stops the server and deletes whatever it wrote. */
  dispose(): Promise<void>;
}

/** A kind of server the bench can measure. */
export interface Target {
  key: 'hearth' | 'hearth-thread' | 'hearth-unpaced' | 'hearth-pg' | 'plain';
  label: string;
  start(shape: Shape, options: { profileDir: string | undefined }): Promise<RunningTarget>;
}

/**
 * Hearth's settings for the bench: the per-socket and per-user limits are raised so that the
 * bench measures throughput rather than the limiter, and durability stays at its default
 * (`synchronous = FULL`: an ack means the message survives power loss). Any `HEARTH_*` variable
 * in the bench's own environment overrides these, e.g. `HEARTH_SQLITE_SYNC=normal npm run bench`.
 */
export const HEARTH_BENCH_SETTINGS: Readonly<Record<string, string>> = {
  HEARTH_LOG_LEVEL: 'silent',
  HEARTH_SQLITE_SYNC: 'full',
  HEARTH_FRAMES_PER_SECOND: '100000',
  HEARTH_FRAME_BURST: '100000',
  HEARTH_HTTP_WRITES_PER_MINUTE: '100000',
  HEARTH_USER_MESSAGES_PER_WINDOW: '1000000000',
  HEARTH_SOCKETS_PER_USER: '1000000',
  HEARTH_SOCKETS_PER_ADDRESS: '1000000',
  HEARTH_RECOVERY_MESSAGES_PER_SOCKET: '1000000000',
  HEARTH_RECOVERY_MESSAGES_PER_USER: '1000000000',
};

/** The settings the bench's environment changes from {@link HEARTH_BENCH_SETTINGS}. */
export function hearthOverrides(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('HEARTH_') && value !== undefined && !FORCED.has(key)) overrides[key] = value;
  }
  return overrides;
}

/** Node flags that make a server child write a `--cpu-prof` profile into `profileDir`, if any. */
export function profileArgs(profileDir: string | undefined): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
}

/** A server child's environment: the bench's own, less `NODE_OPTIONS` (a `--cpu-prof` meant for the bench). */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** A fresh temporary data directory, named after this run's pid and deleted by {@link removeTempDirs} at the latest. */
export function makeTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  tempDirs.add(dir);
  return dir;
}

/** Deletes a directory made by {@link makeTempDir}. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** The tokens of a shape's senders and subscribers, signed with `secret` (HS256). */
export interface BenchTokens {
  senderTokens: string[];
  subscriberTokens: string[];
}

async function signToken(secret: Uint8Array, sub: string, name: string): Promise<string> {
  return new SignJWT({ name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(secret);
}

/** A fresh HS256 secret for one target's servers. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Signs a token for every sender and subscriber of `shape`. */
export async function benchTokens(secret: string, shape: Shape): Promise<BenchTokens> {
  const key = new TextEncoder().encode(secret);
  const senderTokens = await Promise.all(
    Array.from({ length: shape.senders }, (_, index) => signToken(key, `bench-sender-${index}`, `Sender ${index}`)),
  );
  const subscriberTokens = await Promise.all(
    Array.from({ length: shape.subscribers }, (_, index) => signToken(key, `bench-reader-${index}`, `Reader ${index}`)),
  );
  return { senderTokens, subscriberTokens };
}

/** Makes every sender a member of the demo server, through `server`: posting needs membership, reading a public channel does not. */
export async function joinDemoServer(server: ServerProcess, senderTokens: readonly string[]): Promise<void> {
  const base = `http://127.0.0.1:${server.port}`;
  for (const token of senderTokens) {
    const response = await fetch(`${base}/api/servers/${DEMO_SERVER}/members`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`joining ${DEMO_SERVER} failed: ${response.status} ${await response.text()}`);
  }
}

/** The socket URL of a server process on loopback. */
export function socketUrlOf(server: ServerProcess): string {
  return `ws://127.0.0.1:${server.port}/ws`;
}

/**
 * The reference server, whole: HS256 auth, frame validation, SQLite with group commit,
 * ack-after-commit; `variant` settings on top of the bench's and the environment's.
 */
function hearthVariant(key: Target['key'], label: string, variant: Record<string, string>): Target {
  return {
    key,
    label,
    start: (shape, options) => startHearth(shape, options, variant),
  };
}

/** Hearth as configured by default: SQLite, messages committed on the event loop, paced (`HEARTH_SQLITE_COMMIT_INTERVAL_MS`). */
export const hearthTarget: Target = hearthVariant('hearth', 'Hearth', {});

/** Hearth with its SQLite commits on a writer thread (`HEARTH_SQLITE_WRITER=thread`), to compare (`--writer-thread`). */
export const hearthThreadWriterTarget: Target = hearthVariant('hearth-thread', 'Hearth/wt', { HEARTH_SQLITE_WRITER: 'thread' });

/** Hearth committing on every turn of the event loop, without pacing, to compare (`--unpaced`). */
export const hearthUnpacedTarget: Target = hearthVariant('hearth-unpaced', 'Hearth/0ms', { HEARTH_SQLITE_COMMIT_INTERVAL_MS: '0' });

async function startHearth(
  shape: Shape,
  { profileDir }: { profileDir: string | undefined },
  variant: Record<string, string>,
): Promise<RunningTarget> {
  const dataDir = makeTempDir();
  const secret = newSecret();
  let server: ServerProcess | undefined;
  const dispose = async () => {
    await server?.stop();
    removeTempDir(dataDir);
  };
  try {
    const settings: Record<string, string> = {
      ...HEARTH_BENCH_SETTINGS,
      ...hearthOverrides(),
      ...variant,
      PORT: '0',
      HOST: '127.0.0.1',
      HEARTH_DATA_DIR: dataDir,
      HEARTH_JWT_SECRET: secret,
      // The demo data gives a public server and channel to post in; guest mode (which --demo
      // implies) is unused.
      HEARTH_DEMO: '1',
    };
    server = await ServerProcess.start({
      script: 'hearth-child',
      // The settings travel as one variable that the child hands to loadConfig alone, so nothing
      // else in the environment (a DATABASE_URL, a REDIS_URL) can reach Hearth's configuration.
      env: { ...cleanEnvironment(), [HEARTH_SETTINGS_VARIABLE]: JSON.stringify(settings) },
      nodeArgs: profileArgs(profileDir),
    });
    const tokens = await benchTokens(secret, shape);
    await joinDemoServer(server, tokens.senderTokens);
    const only = server;
    return {
      process: only,
      processes: [only],
      endpoint: { socketUrls: [socketUrlOf(only)], channelId: DEMO_CHANNEL, ...tokens },
      readCpu: async () => [await only.cpuSeconds()],
      meters: ['Hearth'],
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The baseline: a bare `ws` broadcast server, no auth and no storage. */
export const plainTarget: Target = {
  key: 'plain',
  label: 'plain ws',
  async start(shape, { profileDir }) {
    const server = await ServerProcess.start({
      script: 'plain-child',
      env: cleanEnvironment(),
      nodeArgs: profileArgs(profileDir),
    });
    return {
      process: server,
      processes: [server],
      endpoint: {
        socketUrls: [socketUrlOf(server)],
        channelId: DEMO_CHANNEL,
        senderTokens: Array.from({ length: shape.senders }, () => 'unused'),
        subscriberTokens: Array.from({ length: shape.subscribers }, () => 'unused'),
      },
      readCpu: async () => [await server.cpuSeconds()],
      meters: ['plain ws'],
      dispose: () => server.stop(),
    };
  },
};
