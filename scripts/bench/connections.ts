import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchSocket } from './bench-socket.js';
import { mainThreadProfile, topSelfTime } from './cpu-profile.js';
import { summarize } from './percentile.js';
import { type RunningTarget, type Target, hearthTarget, plainTarget } from './targets.js';

/** How many channels the connections spread over, and how many of them each one subscribes to. */
const CHANNELS = 100;
const SUBSCRIPTIONS = 10;
/** Sockets opened at once while connecting. */
const CONNECT_CONCURRENCY = 200;
const CONNECT_TIMEOUT_MS = 60_000;
/** File descriptors the bench keeps for itself besides one per socket. */
const SPARE_DESCRIPTORS = 256;
const DEMO_CATEGORY = 'ct_science';
const MARKER = Buffer.from('"content":"@@');
const DOT = '.'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);

/** What `npm run bench -- --connections N` is asked to do. */
export interface ConnectionsPlan {
  connections: number;
  /** How long the connections are held idle, with heartbeats, before messages flow. */
  idleSeconds: number;
  /** How long a message per channel per second is sent. */
  sendSeconds: number;
  /** Where the server's `--cpu-prof` profile goes (`--profile DIR`); none when undefined. */
  profileDir?: string | undefined;
}

/** The soft limit on open files of this process (inherited by the server it forks), from the shell. */
function descriptorLimit(): number {
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return limit === 'unlimited' ? Number.POSITIVE_INFINITY : Number(limit);
}

function rssKb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The send time carried by a message's content (`@@<µs since the connections opened>.`), or -1. */
function sentAt(data: Buffer, start: number, end: number): number {
  let at = data.indexOf(MARKER, start);
  if (at < 0 || at >= end) return -1;
  at += MARKER.length;
  let micros = 0;
  for (let byte = data[at++]; byte !== DOT; byte = data[at++]) {
    if (byte === undefined || at > end) return -1;
    micros = micros * 10 + byte - ZERO;
  }
  return micros;
}

const TYPE_PREFIX = Buffer.from('{"type":"');
const QUOTE = '"'.charCodeAt(0);

/** The `type` of a frame the server wrote (`{"type":"…"` first), without parsing it; '' when it is not there. */
function frameType(data: Buffer, start: number, end: number): string {
  if (end - start < TYPE_PREFIX.length || data.compare(TYPE_PREFIX, 0, TYPE_PREFIX.length, start, start + TYPE_PREFIX.length) !== 0) {
    return '';
  }
  const from = start + TYPE_PREFIX.length;
  const quote = data.indexOf(QUOTE, from);
  return quote < 0 || quote >= end ? '' : data.toString('latin1', from, quote);
}

/** Opens one socket, says hello and subscribes to `channels`; resolves once every one is confirmed. */
async function openSubscribed(url: string, token: string, channels: string[]): Promise<BenchSocket> {
  const socket = await BenchSocket.connect(url, CONNECT_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    let pending = channels.length;
    let ready = false;
    // A socket the server never answers fails the run with what it heard, rather than hang it.
    const deadline = setTimeout(
      () =>
        fail(
          new Error(`no answer in ${CONNECT_TIMEOUT_MS} ms: ready ${ready}, ${channels.length - pending} of ${channels.length} subscribed`),
        ),
      CONNECT_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(deadline);
      socket.terminate();
      reject(error);
    };
    const done = () => {
      clearTimeout(deadline);
      resolve(socket);
    };
    socket.onClose = (reason) => fail(new Error(`closed while connecting: ${reason}`));
    socket.onText = (data, start, end) => {
      // Every frame the server sends starts with its type: the others (presence, a few KB each)
      // are not parsed, so the bench spends its time on the sockets rather than on JSON.
      const type = frameType(data, start, end);
      if (type !== 'ready' && type !== 'subscribed' && type !== 'error') return;
      const frame = JSON.parse(data.toString('utf8', start, end)) as { type?: unknown; code?: unknown };
      if (frame.type === 'ready') {
        ready = true;
        for (const channelId of channels) socket.sendText(JSON.stringify({ type: 'subscribe', channelId }));
        if (channels.length === 0) done();
      } else if (frame.type === 'subscribed' && --pending === 0) {
        done();
      } else if (frame.type === 'error') {
        fail(new Error(`refused: ${String(frame.code)}`));
      }
    };
    socket.sendText(JSON.stringify({ type: 'hello', token, protocol: 1 }));
  });
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

/** What one server did with the connections. */
interface ConnectionsFigures {
  key: Target['key'];
  label: string;
  connectSeconds: number;
  emptyKb: number;
  idleKb: number;
  /** Resident memory once the server has collected its garbage, with the sockets still open. */
  collectedKb: number;
  emptyCollectedKb: number;
  idleCpuPerMinute: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  dropped: number;
}

/**
 * The channels the sockets spread over. Hearth's are made over its REST API (a public server of
 * the bench's and its channels); the plain server takes any channel id.
 */
async function channelsOf(target: Target, running: RunningTarget): Promise<string[]> {
  if (target.key === 'plain') return Array.from({ length: CHANNELS }, (_, index) => `c_load_${index}`);
  const { senderTokens } = running.endpoint;
  const base = (running.endpoint.socketUrls[0] ?? '').replace(/^ws/, 'http').replace(/\/ws$/, '');
  const owner = { authorization: `Bearer ${senderTokens[0] ?? ''}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/api/servers`, {
    method: 'POST',
    headers: owner,
    body: JSON.stringify({ name: 'Connections', categoryId: DEMO_CATEGORY, visibility: 'public' }),
  });
  if (!created.ok) throw new Error(`creating the server failed: ${created.status} ${await created.text()}`);
  const server = (await created.json()) as { id: string; channels: Array<{ id: string }> };
  const channels = server.channels.map((channel) => channel.id);
  while (channels.length < CHANNELS) {
    const response = await fetch(`${base}/api/servers/${server.id}/channels`, {
      method: 'POST',
      headers: owner,
      body: JSON.stringify({ name: `load-${channels.length}` }),
    });
    if (!response.ok) throw new Error(`creating a channel failed: ${response.status} ${await response.text()}`);
    channels.push(((await response.json()) as { id: string }).id);
  }
  return channels;
}

/** The server's resident memory now, and again once it has collected its garbage. */
async function residentKb(running: RunningTarget): Promise<{ now: number; collected: number }> {
  const now = rssKb(running.process.pid);
  await running.process.collectGarbage();
  // V8 hands the pages a collection freed back to the system from a background task, soon after.
  await sleep(500);
  return { now, collected: rssKb(running.process.pid) };
}

/** Opens the connections to one server, holds them idle, sends through them and measures it all. */
async function measureConnections(
  target: Target,
  { connections, idleSeconds, sendSeconds }: ConnectionsPlan,
  profileDir: string | undefined,
): Promise<ConnectionsFigures> {
  const running = await target.start({ senders: 1, subscribers: connections }, { profileDir });
  const sockets: BenchSocket[] = [];
  try {
    const { senderTokens, subscriberTokens } = running.endpoint;
    const socketUrl = running.endpoint.socketUrls[0] ?? '';
    const channels = await channelsOf(target, running);

    await sleep(1000);
    const empty = await residentKb(running);
    const origin = performance.now();
    const latencies = new Float64Array(connections * SUBSCRIPTIONS * sendSeconds);
    let delivered = 0;
    let dropped = 0;
    const connectStarted = performance.now();
    await inBatches(subscriberTokens, CONNECT_CONCURRENCY, async (token, index) => {
      const subscribed = Array.from({ length: SUBSCRIPTIONS }, (_, k) => channels[(index + k * 10) % CHANNELS] as string);
      const socket = await openSubscribed(socketUrl, token, subscribed);
      socket.onText = (data, start, end) => {
        const sent = sentAt(data, start, end);
        if (sent >= 0 && delivered < latencies.length) latencies[delivered++] = performance.now() - origin - sent / 1000;
      };
      socket.onClose = () => dropped++;
      sockets.push(socket);
    });
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    console.log(`  ${target.label}: ${connections} sockets authenticated and subscribed in ${connectSeconds.toFixed(1)} s`);

    const idleCpuBefore = await running.process.cpuSeconds();
    await sleep(idleSeconds * 1000);
    const idleCpu = (await running.process.cpuSeconds()) - idleCpuBefore;
    const idle = await residentKb(running);

    const sender = await openSubscribed(socketUrl, senderTokens[0] ?? '', []);
    sender.onText = () => undefined;
    // One message per channel each second, the channels' sends spread evenly over the second on a
    // fixed schedule (not a burst of a hundred at once); latency runs from each send.
    const sendStarted = performance.now();
    const gapMs = 1000 / channels.length;
    for (let send = 0; send < sendSeconds * channels.length; send++) {
      const wait = sendStarted + send * gapMs - performance.now();
      if (wait > 1) await sleep(wait);
      const micros = Math.round((performance.now() - origin) * 1000);
      const channelId = channels[send % channels.length] as string;
      sender.sendText(JSON.stringify({ type: 'send', channelId, clientId: `c${send}`, content: `@@${micros}.` }));
    }
    const expected = connections * SUBSCRIPTIONS * sendSeconds;
    const drainUntil = performance.now() + 10_000;
    while (delivered < expected && performance.now() < drainUntil) await sleep(100);
    sender.terminate();
    const latency = summarize(latencies.subarray(0, delivered));
    console.log(`  ${target.label}: ${delivered.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} delivered`);
    return {
      key: target.key,
      label: target.label,
      connectSeconds,
      emptyKb: empty.now,
      idleKb: idle.now,
      emptyCollectedKb: empty.collected,
      collectedKb: idle.collected,
      idleCpuPerMinute: (idleCpu * 60) / idleSeconds,
      delivered,
      expected,
      p50: latency.p50,
      p99: latency.p99,
      max: latency.max,
      dropped,
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await running.dispose();
  }
}

function printComparison(figures: ConnectionsFigures[], connections: number): void {
  const perConnection = (kb: number, emptyKb: number) => (kb - emptyKb) / connections;
  const idlePerConnection = (f: ConnectionsFigures) => perConnection(f.idleKb, f.emptyKb);
  const collectedPerConnection = (f: ConnectionsFigures) => perConnection(f.collectedKb, f.emptyCollectedKb);
  const rows: Array<[string, (f: ConnectionsFigures) => number, number]> = [
    ['connect, s', (f) => f.connectSeconds, 1],
    ['RSS empty, MB', (f) => f.emptyKb / 1024, 1],
    ['RSS with the sockets, MB', (f) => f.idleKb / 1024, 1],
    ['RSS per idle connection, KB', idlePerConnection, 1],
    ['  the same after a full GC, KB', collectedPerConnection, 1],
    ['idle CPU (heartbeats), s/min', (f) => f.idleCpuPerMinute, 2],
    ['delivered, %', (f) => (100 * f.delivered) / f.expected, 2],
    ['delivery p50, ms', (f) => f.p50, 1],
    ['delivery p99, ms', (f) => f.p99, 1],
    ['delivery max, ms', (f) => f.max, 1],
    ['sockets dropped', (f) => f.dropped, 0],
  ];
  const plain = figures.find((f) => f.key === plainTarget.key);
  const hearth = figures.find((f) => f.key === hearthTarget.key);
  const compared = plain && hearth;
  const width = 34;
  console.log(`\n${''.padEnd(width)}${figures.map((f) => f.label.padStart(12)).join('')}${compared ? '   Hearth/plain' : ''}`);
  for (const [name, value, digits] of rows) {
    const cells = figures.map((f) => value(f).toFixed(digits).padStart(12)).join('');
    const ratio = plain && hearth && value(plain) > 0 ? `   ${(value(hearth) / value(plain)).toFixed(2)}×` : '';
    console.log(`${name.padEnd(width)}${cells}${ratio}`);
  }
  if (!hearth) return;
  const served = hearth.delivered === hearth.expected && hearth.dropped === 0;
  console.log(
    `\nHearth against the targets: RSS per idle connection ${idlePerConnection(hearth).toFixed(1)} KB ` +
      `(${collectedPerConnection(hearth).toFixed(1)} KB after a full GC; target ≤ 10), ` +
      `${served ? 'every connection served' : 'NOT every connection served'}, delivery p99 ${hearth.p99.toFixed(1)} ms (target ≤ 50)`,
  );
}

/**
 * `npm run bench -- --connections N`: N sockets on loopback, each subscribed to 10 of 100
 * channels, held idle, then one message per channel per second; to the plain `ws` server, then to
 * Hearth (authenticated, with heartbeats), in the same run. Prints side by side the connect time,
 * the server's RSS per idle connection over the empty server (as it stands, and once the server
 * has collected its garbage), its idle CPU per minute, and the delivery latency. The sockets need
 * N file descriptors in this process and N in the server's; the limit is the bench's to raise
 * (`ulimit -n`), never the server's.
 */
export async function benchConnections(plan: ConnectionsPlan, targets: readonly Target[]): Promise<void> {
  const { connections, idleSeconds, sendSeconds, profileDir } = plan;
  const limit = descriptorLimit();
  if (connections + SPARE_DESCRIPTORS > limit) {
    throw new Error(
      `${connections} connections need about ${connections + SPARE_DESCRIPTORS} open files in this process and in the ` +
        `server, over the limit of ${limit}: raise it (ulimit -n) in the shell that runs the bench, up to its hard limit`,
    );
  }
  const heartbeatMs = Math.max(1000, Math.min(30_000, Math.floor((idleSeconds * 1000) / 3)));
  // Three heartbeats at least fall into the idle time, however short it is asked to be.
  process.env.HEARTH_HEARTBEAT_MS ??= String(heartbeatMs);
  console.log(`Connections: ${connections} sockets on 127.0.0.1, each subscribed to ${SUBSCRIPTIONS} of ${CHANNELS} channels`);
  console.log(
    `  held idle ${idleSeconds} s (Hearth's heartbeat every ${Number(process.env.HEARTH_HEARTBEAT_MS) / 1000} s; the plain server pings none), ` +
      `then a message per channel per second for ${sendSeconds} s`,
  );
  console.log(`  servers: ${targets.map((target) => target.label).join(', ')}, one after the other`);
  console.log(`  open-file limit ${limit} (this process and the server each hold one per socket)`);
  const figures: ConnectionsFigures[] = [];
  for (const target of targets) {
    figures.push(await measureConnections(target, plan, profileDir && path.join(profileDir, target.key)));
  }
  printComparison(figures, connections);
  for (const target of targets) {
    const file = profileDir && mainThreadProfile(path.join(profileDir, target.key));
    if (!file) continue;
    console.log(`\n${target.label}: top self time, share of busy main-thread time (${file})`);
    for (const { where, share } of topSelfTime(file, 15)) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${where}`);
  }
}
