import type { Pool } from 'pg';
import type { SearchQuery, Storage } from '../types.js';
import { MESSAGE_COLUMNS, MESSAGE_SOURCE, type MessageRow } from './message-queries.js';
import { readMessages } from './rows.js';

/**
 * The most matches a worded search ranks, as on SQLite: words common enough to match more of the
 * searcher's messages than this are ranked among their newest matches only (`ts_rank` reads every
 * vector it ranks). It covers the deepest page (offset 1000 + 50).
 */
export const RANKED_CANDIDATES = 1100;

/**
 * A tsquery matching every word, the last also as a prefix when `prefix`. Each word is a quoted lexeme, so no
 * character of it is read as query syntax (`&`, `|`, `!`, `<->`, `:*`...).
 */
export function tsQuery(words: readonly string[], prefix: boolean): string {
  const quoted = words.map((word) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`);
  return `${quoted.join(' & ')}${prefix ? ':*' : ''}`;
}

/** The query's parameters, each placed with `$n` as it is added. */
class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/** The `WHERE` conditions on `m` of a query's filters. */
function filterConditions(query: SearchQuery, params: Parameters): string {
  const conditions = [`m.channel_id = ANY(${params.add(query.channelIds)}::text[])`, 'NOT m.deleted'];
  if (query.authorIds !== undefined) conditions.push(`m.author_id = ANY(${params.add(query.authorIds)}::text[])`);
  if (query.before !== undefined) conditions.push(`m.created_at < ${params.add(query.before)}`);
  if (query.after !== undefined) conditions.push(`m.created_at >= ${params.add(query.after)}`);
  // An image is a file whose dimensions were read from its bytes.
  if (query.has === 'file') conditions.push('EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id)');
  if (query.has === 'image') conditions.push('EXISTS (SELECT 1 FROM attachments a WHERE a.message_id = m.id AND a.width IS NOT NULL)');
  return conditions.join(' AND ');
}

/** The ids of a page of matches, best first, and one more when another page follows. */
function matchingIdsQuery(query: SearchQuery): { sql: string; params: unknown[] } {
  const params = new Parameters();
  if (query.words.length === 0) {
    const filters = filterConditions(query, params);
    return {
      sql: `SELECT m.id FROM messages m WHERE ${filters}
        ORDER BY m.created_at DESC, m.id DESC LIMIT ${params.add(query.limit + 1)} OFFSET ${params.add(query.offset)}`,
      params: params.values,
    };
  }
  const match = params.add(tsQuery(query.words, query.prefix));
  const filters = filterConditions(query, params);
  return {
    sql: `SELECT id FROM (
        SELECT m.id, m.created_at, ts_rank(m.search_vector, wanted) AS score
        FROM messages m, to_tsquery('simple', hearth_search_fold(${match})) wanted
        WHERE m.search_vector @@ wanted AND ${filters}
        ORDER BY m.created_at DESC LIMIT ${params.add(RANKED_CANDIDATES)}
      ) candidates
      ORDER BY score DESC, created_at DESC, id DESC LIMIT ${params.add(query.limit + 1)} OFFSET ${params.add(query.offset)}`,
    params: params.values,
  };
}

/** A found message's row, with where it is. */
interface FoundRow extends MessageRow {
  search_server_id: string;
  search_channel_name: string;
}

const FOUND_BY_IDS = `SELECT ${MESSAGE_COLUMNS}, c.server_id AS search_server_id, c.name AS search_channel_name
  FROM ${MESSAGE_SOURCE} JOIN channels c ON c.id = m.channel_id
  WHERE m.id = ANY($1::text[])`;

/**
 * The `search` namespace of the PostgreSQL storage, over the `search_vector` column and its GIN
 * index (migration 008). Messages are read back as history reads them (`readMessages`).
 *
 * @example
 * const search = createPostgresSearch(pool);
 * await search.messages({ words: ['deploy'], channelIds: ['c_1'], limit: 25, offset: 0, viewerId: 'u_1' });
 */
export function createPostgresSearch(pool: Pool): Storage['search'] {
  return {
    async messages(query) {
      const { sql, params } = matchingIdsQuery(query);
      const ids = (await pool.query<{ id: string }>(sql, params)).rows.map((row) => row.id);
      const page = ids.slice(0, query.limit);
      if (page.length === 0) return { results: [], hasMore: false };
      const { rows } = await pool.query<FoundRow>(FOUND_BY_IDS, [page]);
      const messages = new Map((await readMessages(pool, rows, query.viewerId)).map((message) => [message.id, message]));
      const places = new Map(rows.map((row) => [row.id, { serverId: row.search_server_id, channelName: row.search_channel_name }]));
      const results = page.flatMap((id) => {
        const message = messages.get(id);
        const place = places.get(id);
        return message && place ? [{ message, ...place }] : [];
      });
      return { results, hasMore: ids.length > query.limit };
    },
    async userIds(nameOrId) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM users WHERE id = $1 OR lower(name) = $2', [
        nameOrId,
        nameOrId.toLowerCase(),
      ]);
      return rows.map((row) => row.id);
    },
  };
}
