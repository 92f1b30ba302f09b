/**
 * `npm run bench -- --search`: full-text search over a large SQLite database. It writes messages
 * with a Zipf-like vocabulary (a few words in most messages, most words in few) into a database
 * at the schema before search (migration 007), opens it with the storage, whose migration 008
 * indexes them all as it would an existing installation's, and prints the time each step took;
 * then appends more through the storage's own append path, where the FTS5 triggers index each
 * message as a live server does, and prints that rate; then runs a mix of searches through the
 * search service (parser, access, storage, excerpts) and prints their latency percentiles.
 *
 * Flags: `--messages N` (1,000,000 unless given), `--queries N` (the measured searches, 240 unless
 * given), `--keep DIR` (keep the built and indexed database in DIR and reuse it on the next run
 * with the same parameters: each run appends and searches on a copy, so every run starts from the
 * same database). Without `--keep` the database lives in a temp directory, deleted at the end.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
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
const INSERT_CHUNK = 50_000;
// Messages appended one by one through the storage after the bulk load, for the live indexing rate.
const LIVE_APPENDS = 20_000;
const APPEND_CHUNK = 1000;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const MIGRATIONS = new URL('../../packages/reference-server/src/storage/sqlite/migrations/', import.meta.url);
const P95_TARGET_MS = 50;
// The slowest searches named after the percentiles, to tell which kind of query makes the tail.
const SLOWEST_SHOWN = 8;
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
  owner: { id: string; name: string; avatarUrl: null };
  serverIds: string[];
  channelIds: string[];
  authors: Array<{ id: string; name: string; avatarUrl: null }>;
}

/** A message's text: 3 to 27 words drawn by frequency. */
function textOf(words: string[], nextRank: () => number, random: () => number): string {
  const length = 3 + Math.floor(random() * 25);
  const text = Array.from({ length }, () => words[nextRank()]).join(' ');
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`;
}

/** The bench's servers, channels and users: the same on every run, so a kept database's are known. */
function benchWorld(): World {
  const owner = { id: 'u_bench_owner', name: 'Owner', avatarUrl: null };
  const authors = Array.from({ length: AUTHORS }, (_, index) => ({ id: `u_bench_${index}`, name: `user${index}`, avatarUrl: null }));
  const serverIds = Array.from({ length: SERVERS }, (_, index) => `s_bench_${index}`);
  const channelIds = serverIds.flatMap((_, serverIndex) =>
    Array.from({ length: CHANNELS_PER_SERVER }, (_, position) => `c_bench_${serverIndex}_${position}`),
  );
  return { owner, serverIds, channelIds, authors };
}

/**
 * Writes the servers, channels, users and `count` messages (sent over the past year) straight
 * into a database at the schema of migration 007, the last before search.
 */
function writeBeforeSearch(file: string, count: number, words: string[], random: () => number): World {
  const world = benchWorld();
  const { owner, authors, serverIds, channelIds } = world;
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const name of readdirSync(MIGRATIONS).sort()) {
    if (!/^\d+-.+\.sql$/.test(name) || Number.parseInt(name, 10) >= 8) continue;
    db.exec(readFileSync(new URL(name, MIGRATIONS), 'utf8'));
  }
  db.pragma('user_version = 7');
  const lastSeq = new Map<string, number>();
  const now = new Date().toISOString();
  db.transaction(() => {
    const user = db.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
    for (const { id, name } of [owner, ...authors]) user.run(id, name);
    db.prepare("INSERT INTO categories (id, name, position) VALUES ('ct_bench', 'Bench', 0)").run();
    const server = db.prepare(
      "INSERT INTO servers (id, name, category_id, owner_id, visibility, created_at) VALUES (?, ?, 'ct_bench', ?, 'public', ?)",
    );
    const member = db.prepare('INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)');
    const channel = db.prepare('INSERT INTO channels (id, server_id, name, position) VALUES (?, ?, ?, ?)');
    serverIds.forEach((serverId, serverIndex) => {
      server.run(serverId, `Server ${serverIndex}`, owner.id, now);
      member.run(serverId, owner.id, 'owner', now);
      for (const author of authors) member.run(serverId, author.id, 'member', now);
      for (let position = 0; position < CHANNELS_PER_SERVER; position += 1) {
        channel.run(`c_bench_${serverIndex}_${position}`, serverId, `channel-${position}`, position);
      }
    });
  })();
  const nextRank = zipfSampler(words.length, random);
  const insert = db.prepare<[string, string, number, number, string, string, string]>(
    'INSERT INTO messages (id, channel_id, seq, version, author_id, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const start = Date.now() - YEAR_MS;
  const step = YEAR_MS / count;
  for (let done = 0; done < count; done += INSERT_CHUNK) {
    db.transaction(() => {
      for (let index = done; index < Math.min(count, done + INSERT_CHUNK); index += 1) {
        const channelId = channelIds[Math.floor(random() * channelIds.length)] as string;
        const seq = (lastSeq.get(channelId) ?? 0) + 1;
        lastSeq.set(channelId, seq);
        const author = authors[Math.floor(random() * authors.length)] as (typeof authors)[number];
        insert.run(
          `m_bench_${index}`,
          channelId,
          seq,
          seq,
          author.id,
          textOf(words, nextRank, random),
          new Date(start + index * step).toISOString(),
        );
      }
    })();
  }
  const setSeq = db.prepare('UPDATE channels SET last_seq = ? WHERE id = ?');
  db.transaction(() => {
    for (const [channelId, seq] of lastSeq) setSeq.run(seq, channelId);
  })();
  db.close();
  return world;
}

/** Appends `count` messages through the storage, as live sends arrive (group-committed chunks). */
async function appendLive(storage: Storage, world: World, count: number, words: string[], random: () => number): Promise<void> {
  const nextRank = zipfSampler(words.length, random);
  for (let done = 0; done < count; done += APPEND_CHUNK) {
    const appends = [];
    for (let index = done; index < Math.min(count, done + APPEND_CHUNK); index += 1) {
      appends.push(
        storage.messages.append({
          channelId: world.channelIds[Math.floor(random() * world.channelIds.length)] as string,
          author: world.authors[Math.floor(random() * world.authors.length)] as World['authors'][number],
          clientId: null,
          content: textOf(words, nextRank, random),
        }),
      );
    }
    await Promise.all(appends);
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
    options: { search: { type: 'boolean' }, messages: { type: 'string' }, queries: { type: 'string' }, keep: { type: 'string' } },
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

  const random = seededRandom(16);
  const words = vocabulary(VOCABULARY, random);
  const world = benchWorld();
  // What the built database depends on: a kept one is reused only when all of it matches.
  const parameters = JSON.stringify({
    messages,
    vocabulary: VOCABULARY,
    zipf: ZIPF_EXPONENT,
    authors: AUTHORS,
    servers: SERVERS,
    channels: CHANNELS_PER_SERVER,
    seed: 16,
  });
  const keep = values.keep === undefined ? undefined : path.resolve(values.keep);
  const dir = mkdtempSync(path.join(keep ?? tmpdir(), `hearth-bench-${process.pid}-search-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const built = path.join(keep ?? dir, 'search.db');
  const builtParameters = path.join(keep ?? dir, 'search.json');
  if (existsSync(built) && existsSync(builtParameters) && readFileSync(builtParameters, 'utf8') === parameters) {
    console.log(`Reusing the database kept in ${keep ?? dir} (built with the same parameters)`);
    // A migration added since it was built runs on it once, here, rather than on every run's copy.
    await createSqliteStorage({ path: built, synchronous: 'normal' }).close();
  } else {
    rmSync(builtParameters, { force: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${built}${suffix}`, { force: true });
    const writeStarted = performance.now();
    writeBeforeSearch(built, messages, words, random);
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const indexStarted = performance.now();
    // Opening the storage runs the search migrations over every message, as on an existing installation.
    await createSqliteStorage({ path: built, synchronous: 'normal' }).close();
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    const megabytes = statSync(built).size / 1e6;
    console.log(
      `Inserted ${messages.toLocaleString('en-US')} messages in ${writeSeconds.toFixed(1)} s (without the index, in transactions of ${INSERT_CHUNK.toLocaleString('en-US')})`,
    );
    console.log(
      `Indexed them in ${indexSeconds.toFixed(1)} s (the search migrations on open: FTS5 with prefix indexes, and the message indexes); database ${megabytes.toFixed(0)} MB`,
    );
    if (keep) writeFileSync(builtParameters, parameters);
  }
  // The run appends to a copy, so a kept database stays as built.
  const file = path.join(dir, 'run.db');
  copyFileSync(built, file);
  const storage = createSqliteStorage({ path: file, synchronous: 'normal' });
  try {
    const liveStarted = performance.now();
    await appendLive(storage, world, LIVE_APPENDS, words, seededRandom(17));
    const liveSeconds = (performance.now() - liveStarted) / 1000;
    console.log(
      `Appended ${LIVE_APPENDS.toLocaleString('en-US')} more through storage.messages.append (the triggers mark them for the index): ` +
        `${Math.round(LIVE_APPENDS / liveSeconds).toLocaleString('en-US')} msg/s`,
    );

    // The searcher belongs to every server: every search covers all 100 channels unless filtered.
    const service = new SearchService(storage, Number.MAX_SAFE_INTEGER);
    const searcher = world.owner;
    const mix = searches(queries, world, words, seededRandom(18));
    const run = async (search: Search) => {
      const at = performance.now();
      const page = await service.search(searcher, { q: search.q, serverId: search.serverId, limit: 25, offset: 0 });
      return { took: performance.now() - at, found: page.results.length };
    };
    const catchUpStarted = performance.now();
    await run({ kind: 'rare word', q: words[VOCABULARY - 1] as string });
    console.log(`First search after them, which brings them into the index: ${ms(performance.now() - catchUpStarted)}`);
    // Unmeasured: SQLite's page cache and V8's compiled code warmed by one pass over a different draw.
    for (const search of searches(60, world, words, seededRandom(61))) await run(search);
    const byKind = new Map<Kind, number[]>();
    const all: number[] = [];
    let empty = 0;
    const timed: Array<{ search: Search; took: number }> = [];
    for (const search of mix) {
      const { took, found } = await run(search);
      all.push(took);
      timed.push({ search, took });
      if (found === 0) empty += 1;
      byKind.set(search.kind, [...(byKind.get(search.kind) ?? []), took]);
    }
    console.log(`\n${queries} searches (25 results a page, excerpts included; ${empty} found nothing):`);
    for (const [kind, samples] of byKind) console.log(`  ${kind.padEnd(12)} ×${String(samples.length).padEnd(4)} ${summary(samples)}`);
    console.log(`  ${'all'.padEnd(12)} ×${String(all.length).padEnd(4)} ${summary(all)}`);
    const slowest = timed.sort((a, b) => b.took - a.took).slice(0, SLOWEST_SHOWN);
    console.log(
      `Slowest: ${slowest.map(({ search, took }) => `${search.q}${search.serverId ? ` (server ${search.serverId})` : ''} ${ms(took)}`).join('; ')}`,
    );
    const p95 = percentile(Float64Array.from(all).sort(), 95);
    console.log(`Target p95 ≤ ${P95_TARGET_MS} ms: ${p95 <= P95_TARGET_MS ? 'met' : 'NOT met'} (${ms(p95)})`);
  } finally {
    await storage.close();
    removeDir();
  }
}
