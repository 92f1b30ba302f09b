/**
 * `npm run bench -- --search`: full-text search over a large SQLite database. It stores messages
 * with a Zipf-like vocabulary (a few words in most messages, most words in few) through the
 * storage's own append path, so the FTS5 triggers index them as a live server would, prints the
 * time that took, then runs a mix of searches through the search service (parser, access,
 * storage, excerpts) and prints their latency percentiles.
 *
 * Flags: `--messages N` (1,000,000 unless given), `--queries N` (the measured searches, 240 unless
 * given). The database lives in a temp directory, deleted at the end.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SearchService } from '../../packages/reference-server/src/services/search-service.js';
import { createSqliteStorage } from '../../packages/reference-server/src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../packages/reference-server/src/storage/types.js';
import { percentile } from './percentile.js';

const SERVERS = 10;
const CHANNELS_PER_SERVER = 10;
const AUTHORS = 200;
const VOCABULARY = 20_000;
// Zipf's exponent: about 1 for natural language.
const ZIPF_EXPONENT = 1.05;
const APPEND_CHUNK = 4000;
const P95_TARGET_MS = 50;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'shi',
  'po',
  've',
  'zu',
  'ar',
  'el',
  'in',
  'os',
  'un',
  'bri',
  'dan',
  'fe',
  'gol',
  'ho',
];

/** A small seeded generator (mulberry32): the same database and queries on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct made-up words of two to four syllables, most frequent first. */
function vocabulary(count: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let index = 0; index < length; index += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Draws word ranks with probability ∝ 1 / rank^s, by binary search over the cumulative weights. */
function zipfSampler(count: number, random: () => number): () => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank += 1) cumulative[rank] = total += 1 / (rank + 1) ** ZIPF_EXPONENT;
  return () => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

interface World {
  storage: Storage;
  owner: { id: string; name: string; avatarUrl: null };
  serverIds: string[];
  channelIds: string[];
}

async function buildWorld(storage: Storage): Promise<World> {
  const owner = { id: 'u_bench_owner', name: 'Owner', avatarUrl: null };
  await storage.categories.create({ id: 'ct_bench', name: 'Bench', description: '', iconUrl: null });
  const serverIds: string[] = [];
  const channelIds: string[] = [];
  for (let server = 0; server < SERVERS; server += 1) {
    const created = await storage.servers.create({
      name: `Server ${server}`,
      description: '',
      categoryId: 'ct_bench',
      owner,
      visibility: 'public',
      firstChannel: { name: 'channel-0', topic: '' },
    });
    serverIds.push(created.id);
    channelIds.push(created.channels[0]?.id as string);
    for (let channel = 1; channel < CHANNELS_PER_SERVER; channel += 1) {
      const made = await storage.channels.create({ serverId: created.id, name: `channel-${channel}`, topic: '' });
      if (!('created' in made)) throw new Error('could not create a channel');
      channelIds.push(made.created.id);
    }
  }
  return { storage, owner, serverIds, channelIds };
}

/** Appends `count` messages through the storage, chunk by chunk (each chunk is group-committed). */
async function fill(world: World, count: number, words: string[], random: () => number): Promise<void> {
  const nextRank = zipfSampler(words.length, random);
  const authors = Array.from({ length: AUTHORS }, (_, index) => ({ id: `u_bench_${index}`, name: `user${index}`, avatarUrl: null }));
  let done = 0;
  while (done < count) {
    const size = Math.min(APPEND_CHUNK, count - done);
    const appends = [];
    for (let index = 0; index < size; index += 1) {
      const length = 3 + Math.floor(random() * 25);
      const text = Array.from({ length }, () => words[nextRank()]).join(' ');
      appends.push(
        world.storage.messages.append({
          channelId: world.channelIds[Math.floor(random() * world.channelIds.length)] as string,
          author: authors[Math.floor(random() * authors.length)] as (typeof authors)[number],
          clientId: null,
          content: `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`,
        }),
      );
    }
    await Promise.all(appends);
    done += size;
    if (done % 100_000 === 0) process.stderr.write(`  ${done.toLocaleString('en-US')} messages stored\n`);
  }
}

type Kind = 'rare word' | 'common word' | 'two words' | 'prefix' | 'filtered';

interface Search {
  kind: Kind;
  q: string;
  serverId?: string;
}

/** The query mix: each kind in turn, its words drawn from the vocabulary's frequency bands. */
function searches(count: number, world: World, words: string[], random: () => number): Search[] {
  const pick = (from: number, to: number) => words[from + Math.floor(random() * (to - from))] as string;
  const kinds: Array<() => Search> = [
    () => ({ kind: 'rare word', q: pick(2000, words.length) }),
    () => ({ kind: 'common word', q: pick(0, 20) }),
    () => ({ kind: 'two words', q: `${pick(0, 200)} ${pick(100, 3000)}` }),
    () => ({ kind: 'prefix', q: pick(50, 2000).slice(0, 4) }),
    () => {
      const variants: Search[] = [
        { kind: 'filtered', q: `${pick(0, 500)} from:user${Math.floor(random() * AUTHORS)}` },
        { kind: 'filtered', q: `${pick(0, 500)} in:channel-${Math.floor(random() * CHANNELS_PER_SERVER)}` },
        { kind: 'filtered', q: pick(0, 500), serverId: world.serverIds[Math.floor(random() * world.serverIds.length)] },
        { kind: 'filtered', q: `from:user${Math.floor(random() * AUTHORS)}` },
        { kind: 'filtered', q: `in:channel-${Math.floor(random() * CHANNELS_PER_SERVER)} after:2020-01-01` },
        { kind: 'filtered', q: `${pick(0, 20)} before:2100-01-01` },
      ];
      return variants[Math.floor(random() * variants.length)] as Search;
    },
  ];
  return Array.from({ length: count }, (_, index) => (kinds[index % kinds.length] as () => Search)());
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function summary(samples: number[]): string {
  const sorted = Float64Array.from(samples).sort();
  return `p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1) ?? Number.NaN)}`;
}

/** Runs the search benchmark with the given command-line arguments (`--search` already taken). */
export async function benchSearch(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { search: { type: 'boolean' }, messages: { type: 'string' }, queries: { type: 'string' } },
  });
  const messages = Number(values.messages ?? 1_000_000);
  const queries = Number(values.queries ?? 240);
  if (!Number.isInteger(messages) || messages < 1) throw new Error(`--messages: expected a positive integer, got ${values.messages}`);
  if (!Number.isInteger(queries) || queries < 1) throw new Error(`--queries: expected a positive integer, got ${values.queries}`);

  const cpu = cpus();
  console.log(
    `Hearth search bench: SQLite FTS5, ${messages.toLocaleString('en-US')} messages in ${SERVERS * CHANNELS_PER_SERVER} channels`,
  );
  console.log(`  ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`);
  console.log(`  vocabulary ${VOCABULARY.toLocaleString('en-US')} words, Zipf s = ${ZIPF_EXPONENT}, 3 to 27 words a message`);

  const dir = mkdtempSync(path.join(tmpdir(), `hearth-bench-${process.pid}-search-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const file = path.join(dir, 'search.db');
  const storage = createSqliteStorage({ path: file, synchronous: 'normal' });
  try {
    const random = seededRandom(16);
    const words = vocabulary(VOCABULARY, random);
    const world = await buildWorld(storage);
    const started = performance.now();
    await fill(world, messages, words, random);
    const seconds = (performance.now() - started) / 1000;
    const megabytes = (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1e6;
    console.log(
      `Stored and indexed ${messages.toLocaleString('en-US')} messages in ${seconds.toFixed(1)} s ` +
        `(${Math.round(messages / seconds).toLocaleString('en-US')} msg/s, through storage.messages.append; database ${megabytes.toFixed(0)} MB)`,
    );

    // The searcher belongs to every server: every search covers all 100 channels unless filtered.
    const service = new SearchService(storage, Number.MAX_SAFE_INTEGER);
    const mix = searches(queries, world, words, random);
    const run = async (search: Search) => {
      const at = performance.now();
      const page = await service.search(world.owner, { q: search.q, serverId: search.serverId, limit: 25, offset: 0 });
      return { took: performance.now() - at, found: page.results.length };
    };
    // Unmeasured: SQLite's page cache and V8's compiled code warmed by one pass over a different draw.
    for (const search of searches(60, world, words, seededRandom(61))) await run(search);
    const byKind = new Map<Kind, number[]>();
    const all: number[] = [];
    let empty = 0;
    for (const search of mix) {
      const { took, found } = await run(search);
      all.push(took);
      if (found === 0) empty += 1;
      byKind.set(search.kind, [...(byKind.get(search.kind) ?? []), took]);
    }
    console.log(`\n${queries} searches (25 results a page, excerpts included; ${empty} found nothing):`);
    for (const [kind, samples] of byKind) console.log(`  ${kind.padEnd(12)} ×${String(samples.length).padEnd(4)} ${summary(samples)}`);
    console.log(`  ${'all'.padEnd(12)} ×${String(all.length).padEnd(4)} ${summary(all)}`);
    const p95 = percentile(Float64Array.from(all).sort(), 95);
    console.log(`Target p95 ≤ ${P95_TARGET_MS} ms: ${p95 <= P95_TARGET_MS ? 'met' : 'NOT met'} (${ms(p95)})`);
  } finally {
    await storage.close();
    removeDir();
  }
}
