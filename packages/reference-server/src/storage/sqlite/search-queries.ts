import type Database from 'better-sqlite3';
import type { Message } from '../../domain/types.js';
import type { SearchQuery, Storage } from '../types.js';
import { MESSAGE_COLUMNS, MESSAGE_SOURCE, type MessageRow } from './message-queries.js';
import { bm25Scores, inverseDocumentFrequency } from './search-rank.js';
import { CATCH_UP_MS, createSearchCatchUp } from './search-catch-up.js';

/**
 * The most matches a worded search ranks: the newest that many matches the searcher may see. A
 * word in a large share of the messages is ranked among its newest matches only, which keeps a
 * search of it as fast as one of a rare word; it covers the deepest page (offset 1000 + 50).
 */
export const RANKED_CANDIDATES = 1100;
// How many matches of a word are counted for its weight: past this it is common, and how common
// hardly changes its weight (BM25's IDF flattens out), while counting on would read every match.
const COUNTED_MATCHES = 10_000;
// A search of this many channels or fewer (an `in:` filter, one server) names them to FTS5 as well,
// which then skips to their messages among a word's matches; more would cost FTS5 a merge of each
// channel's list, when the joined filter alone passes most matches anyway.
const FEW_CHANNELS = 32;
// Channels holding this many messages fill a page of their newest soon when all messages are read
// newest first: sorting theirs instead would read and sort every one.
const MANY_CHANNEL_MESSAGES = 5000;

/**
 * An FTS5 query matching every word, the last also as a prefix when `prefix`. Each word is quoted
 * as an FTS5 string, so no character of it is read as query syntax (`NEAR`, `*`, `:`, `^`, `-`, `"`...).
 */
export function ftsMatch(words: readonly string[], prefix: boolean): string {
  const quoted = words.map((word) => `"${word.replaceAll('"', '""')}"`);
  return `${quoted.join(' ')}${prefix ? ' *' : ''}`;
}

/** An id as the one token the index's author and channel columns hold for it (migration 009): its UTF-8 bytes in hex, as SQLite's `hex()` writes them. */
const idToken = (id: string): string => Buffer.from(id, 'utf8').toString('hex').toUpperCase();

/** An FTS5 query of `words` in the content column only (the author and channel columns hold ids). */
const contentMatch = (words: readonly string[], prefix: boolean): string => `content : (${ftsMatch(words, prefix)})`;

/**
 * The FTS5 query of a worded search: its words in the content, and, so that FTS5 skips to them
 * instead of listing every match of the words, its authors and (when few) its channels. The
 * filters are applied again in SQL, which keeps results right whatever the index holds.
 */
function indexMatch(query: SearchQuery, prefix: boolean): string {
  const anyOf = (column: string, ids: readonly string[]) => `${column} : (${ids.map((id) => `"${idToken(id)}"`).join(' OR ')})`;
  const parts = [contentMatch(query.words, prefix)];
  if (query.authorIds !== undefined && query.authorIds.length > 0) parts.push(anyOf('author', query.authorIds));
  if (query.channelIds.length > 0 && query.channelIds.length <= FEW_CHANNELS) parts.push(anyOf('channel', query.channelIds));
  return parts.join(' AND ');
}

/**
 * Which index a search reads messages by: the FTS5 index (a worded search), one author's messages
 * newest first, all messages newest first, or the channels' messages (then sorted).
 */
type Way = 'index' | 'author' | 'newest' | 'channels';

/**
 * The `WHERE` conditions on `m` of a query's filters and their parameters, in order, written so
 * that SQLite reads by `way` only: a unary `+` keeps it from using an index for a condition.
 */
function filterConditions(query: SearchQuery, way: Way): { sql: string; params: string[] } {
  const unless = (indexed: Way) => (way === indexed ? '' : '+');
  const conditions = [`${unless('channels')}m.channel_id IN (SELECT value FROM json_each(?))`, 'm.deleted = 0'];
  const params = [JSON.stringify(query.channelIds)];
  if (way === 'author' && query.authorIds?.length === 1) {
    conditions.push('m.author_id = ?');
    params.push(query.authorIds[0] as string);
  } else if (query.authorIds !== undefined) {
    conditions.push(`${unless('author')}m.author_id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(query.authorIds));
  }
  const time = way === 'author' || way === 'newest' ? '' : '+';
  if (query.before !== undefined) {
    conditions.push(`${time}m.created_at < ?`);
    params.push(query.before);
  }
  if (query.after !== undefined) {
    conditions.push(`${time}m.created_at >= ?`);
    params.push(query.after);
  }
  // An image is a file whose dimensions were read from its bytes.
  if (query.has === 'file') conditions.push('EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id)');
  if (query.has === 'image') conditions.push('EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id AND a.width IS NOT NULL)');
  return { sql: conditions.join(' AND '), params };
}

/** The search of a SQLite storage, and the upkeep of its index. */
export interface SqliteSearch {
  namespace: Storage['search'];
  /** Brings the messages changed since the last time into the index, in one transaction. */
  catchUp(): void;
  /** Stops catching up every second, after once more (before the database closes). */
  stop(): void;
}

/** Options of {@link createSqliteSearch}. */
export interface SqliteSearchOptions {
  /**
   * Whether this connection brings changed messages into the index every second. Off when the
   * message writer's thread does it, so that the indexing stays off the event loop.
   */
  catchUpEverySecond: boolean;
}

/** A match to rank: its id, text and time. */
interface CandidateRow {
  id: string;
  content: string;
  created_at: string;
}

/** A found message's row, with where it is. */
interface FoundRow extends MessageRow {
  search_server_id: string;
  search_channel_name: string;
}

const FOUND_BY_IDS = `SELECT ${MESSAGE_COLUMNS}, c.server_id AS search_server_id, c.name AS search_channel_name
  FROM ${MESSAGE_SOURCE} JOIN channels c ON c.id = m.channel_id
  WHERE m.id IN (SELECT value FROM json_each(?))`;

/**
 * The `search` namespace of the SQLite storage, over FTS5 (migrations 008 and 009), and the upkeep that
 * brings changed messages into the index (before each search, and every second). `read` is the
 * storage's own loading of messages from rows (reactions, mentions, files), so results are the
 * messages history shows.
 *
 * @example
 * const search = createSqliteSearch(db, read);
 * await search.namespace.messages({ words: ['deploy'], channelIds: ['c_1'], limit: 25, offset: 0, viewerId: 'u_1' });
 */
export function createSqliteSearch(
  db: Database.Database,
  read: (rows: MessageRow[], viewerId: string | undefined) => Message[],
  options: SqliteSearchOptions = { catchUpEverySecond: true },
): SqliteSearch {
  // Filters make a handful of query shapes; each is prepared once.
  const prepared = new Map<string, Database.Statement<Array<string | number>, CandidateRow>>();
  const statementFor = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare<Array<string | number>, CandidateRow>(sql)));
    return statement;
  };
  const foundByIds = db.prepare<[string], FoundRow>(FOUND_BY_IDS);
  const catchUp = createSearchCatchUp(db);
  const timer = options.catchUpEverySecond ? setInterval(catchUp, CATCH_UP_MS) : undefined;
  timer?.unref();
  const userIds = db.prepare<[string, string], { id: string }>('SELECT id FROM users WHERE id = ? OR unicode_lower(name) = ?');
  // The index's keys are handed out in order and rarely deleted: the largest is about how many it holds.
  const indexed = db.prepare<[], { n: number | null }>('SELECT max(key) AS n FROM message_search_keys');
  const matchesUpTo = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM message_search WHERE message_search MATCH ? ORDER BY rowid DESC LIMIT ?)',
  );

  /** The newest matches of a worded query the searcher may see, newest first, at most {@link RANKED_CANDIDATES}. */
  const candidates = (query: SearchQuery, prefix: boolean): CandidateRow[] => {
    // The index hands its matches newest first (its keys grow as messages arrive) without sorting;
    // the authors and few channels in its query let it skip to theirs.
    const match = indexMatch(query, prefix);
    const filters = filterConditions(query, 'index');
    const sql = `SELECT m.id, m.content, m.created_at
      FROM message_search s
      JOIN message_search_keys k ON k.key = s.rowid
      JOIN messages m ON m.id = k.message_id
      WHERE message_search MATCH ? AND ${filters.sql}
      ORDER BY s.rowid DESC LIMIT ?`;
    return statementFor(sql).all(match, ...filters.params, RANKED_CANDIDATES);
  };

  /** The ids of the matches of a worded query, best first. */
  const rankedIds = (query: SearchQuery): string[] => {
    // Whole words first: when they alone fill the candidates, the prefix could only add older
    // matches past the bound, and a prefix of a common word costs a merge of every word it begins.
    let prefix = false;
    let rows = candidates(query, false);
    if (query.prefix && rows.length < RANKED_CANDIDATES) {
      prefix = true;
      rows = candidates(query, true);
    }
    if (rows.length === 0) return [];
    const total = Math.max(1, indexed.get()?.n ?? 1);
    const weights = query.words.map((word, index) => {
      const isPrefix = prefix && index === query.words.length - 1;
      const holding = matchesUpTo.get(contentMatch([word], isPrefix), COUNTED_MATCHES)?.n ?? 0;
      return inverseDocumentFrequency(total, holding);
    });
    const scores = bm25Scores(
      rows.map((row) => row.content),
      query.words,
      weights,
      prefix,
    );
    const order = rows.map((row, index) => ({ row, score: scores[index] ?? 0 }));
    // Best first; newest first among equals.
    order.sort(
      (a, b) =>
        b.score - a.score ||
        (a.row.created_at < b.row.created_at ? 1 : a.row.created_at > b.row.created_at ? -1 : 0) ||
        (a.row.id < b.row.id ? 1 : -1),
    );
    return order.map(({ row }) => row.id);
  };

  const channelMessagesUpTo = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE channel_id IN (SELECT value FROM json_each(?)) LIMIT ?)',
  );

  /**
   * How to read the newest messages of a query without words. One author's: by their messages
   * newest first. Else all messages newest first, skipping other channels', when the channels hold
   * enough of them that a page is soon filled ({@link MANY_CHANNEL_MESSAGES}, counted by their
   * index only that far); else the channels' few messages, sorted.
   */
  const wayToNewest = (query: SearchQuery): Way => {
    if (query.authorIds?.length === 1) return 'author';
    const held = channelMessagesUpTo.get(JSON.stringify(query.channelIds), MANY_CHANNEL_MESSAGES)?.n ?? 0;
    return held >= MANY_CHANNEL_MESSAGES ? 'newest' : 'channels';
  };

  /** The ids of the newest messages matching a query without words. */
  const newestIds = (query: SearchQuery): string[] => {
    const filters = filterConditions(query, wayToNewest(query));
    const sql = `SELECT m.id, m.content, m.created_at FROM messages m WHERE ${filters.sql} ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`;
    return statementFor(sql)
      .all(...filters.params, query.limit + 1, query.offset)
      .map((row) => row.id);
  };

  const namespace: Storage['search'] = {
    async messages(query) {
      // The messages changed since the index last caught up are brought in first.
      catchUp();
      const ids = query.words.length === 0 ? newestIds(query) : rankedIds(query).slice(query.offset, query.offset + query.limit + 1);
      const page = ids.slice(0, query.limit);
      if (page.length === 0) return { results: [], hasMore: false };
      const rows = foundByIds.all(JSON.stringify(page));
      const messages = new Map(read(rows, query.viewerId).map((message) => [message.id, message]));
      const places = new Map(rows.map((row) => [row.id, { serverId: row.search_server_id, channelName: row.search_channel_name }]));
      const results = page.flatMap((id) => {
        const message = messages.get(id);
        const place = places.get(id);
        return message && place ? [{ message, ...place }] : [];
      });
      return { results, hasMore: ids.length > query.limit };
    },
    async userIds(nameOrId) {
      return userIds.all(nameOrId, nameOrId.toLowerCase()).map((row) => row.id);
    },
  };
  return {
    namespace,
    catchUp,
    stop() {
      if (timer) clearInterval(timer);
      catchUp();
    },
  };
}
