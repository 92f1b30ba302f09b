import type Database from 'better-sqlite3';
import type { Message } from '../../domain/types.js';
import type { SearchQuery, Storage } from '../types.js';
import { MESSAGE_COLUMNS, MESSAGE_SOURCE, type MessageRow } from './message-queries.js';

/**
 * The most matches a worded search ranks. Words common enough to match more of the searcher's
 * messages than this are ranked among their newest matches only: BM25 over every match of a word
 * in half the messages costs as much as reading them all, and the newest are the likelier wanted.
 */
export const RANKED_CANDIDATES = 5000;

/**
 * An FTS5 query matching every word, the last also as a prefix. Each word is quoted as an FTS5
 * string, so no character of it is read as query syntax (`NEAR`, `*`, `:`, `^`, `-`, `"`...).
 */
export function ftsMatch(words: readonly string[]): string {
  const quoted = words.map((word) => `"${word.replaceAll('"', '""')}"`);
  return `${quoted.join(' ')} *`;
}

/** The `WHERE` conditions on `m` of a query's filters and their parameters, in order. */
function filterConditions(query: SearchQuery): { sql: string; params: string[] } {
  const conditions = ['m.channel_id IN (SELECT value FROM json_each(?))', 'm.deleted = 0'];
  const params = [JSON.stringify(query.channelIds)];
  if (query.authorIds !== undefined) {
    conditions.push('m.author_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(query.authorIds));
  }
  if (query.before !== undefined) {
    conditions.push('m.created_at < ?');
    params.push(query.before);
  }
  if (query.after !== undefined) {
    conditions.push('m.created_at >= ?');
    params.push(query.after);
  }
  // An image is a file whose dimensions were read from its bytes.
  if (query.has === 'file') conditions.push('EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id)');
  if (query.has === 'image') conditions.push('EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id AND a.width IS NOT NULL)');
  return { sql: conditions.join(' AND '), params };
}

/** The ids of a page of matches, best first, and one more when another page follows. */
function matchingIdsQuery(query: SearchQuery): { sql: string; params: Array<string | number> } {
  const filters = filterConditions(query);
  const page = [query.limit + 1, query.offset];
  if (query.words.length === 0) {
    return {
      sql: `SELECT m.id FROM messages m WHERE ${filters.sql} ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`,
      params: [...filters.params, ...page],
    };
  }
  // The candidates are the newest matches the searcher may see (the index's keys grow as messages
  // arrive, so it hands them newest first without sorting), ranked by BM25 (FTS5's rank: lower is
  // better), newest first among equals.
  return {
    sql: `SELECT id FROM (
        SELECT m.id, m.created_at, s.rank AS score
        FROM message_search s
        JOIN message_search_keys k ON k.key = s.rowid
        JOIN messages m ON m.id = k.message_id
        WHERE message_search MATCH ? AND ${filters.sql}
        ORDER BY s.rowid DESC LIMIT ?
      )
      ORDER BY score, created_at DESC, id DESC LIMIT ? OFFSET ?`,
    params: [ftsMatch(query.words), ...filters.params, RANKED_CANDIDATES, ...page],
  };
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
 * The `search` namespace of the SQLite storage, over FTS5 (migration 008). `read` is the storage's
 * own loading of messages from rows (reactions, mentions, files), so results are the messages
 * history shows.
 *
 * @example
 * const search = createSqliteSearch(db, read);
 * await search.messages({ words: ['deploy'], channelIds: ['c_1'], limit: 25, offset: 0, viewerId: 'u_1' });
 */
export function createSqliteSearch(
  db: Database.Database,
  read: (rows: MessageRow[], viewerId: string | undefined) => Message[],
): Storage['search'] {
  // Filters make a handful of query shapes; each is prepared once.
  const prepared = new Map<string, Database.Statement<Array<string | number>, { id: string }>>();
  const statementFor = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare<Array<string | number>, { id: string }>(sql)));
    return statement;
  };
  const foundByIds = db.prepare<[string], FoundRow>(FOUND_BY_IDS);
  const userIds = db.prepare<[string, string], { id: string }>('SELECT id FROM users WHERE id = ? OR unicode_lower(name) = ?');

  return {
    async messages(query) {
      const { sql, params } = matchingIdsQuery(query);
      const ids = statementFor(sql)
        .all(...params)
        .map((row) => row.id);
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
}
