/**
 * `@hearth/sdk/search`: full-text search over the messages of the channels the user can read. A
 * separate entry, so that apps without a search box do not ship it.
 *
 * A query is words and filters, each filter `key:value` (a value with spaces in double quotes):
 * `from:NAME`, `in:CHANNEL`, `has:file`, `has:image`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`.
 * Words match whole words, the last one also the start of a longer one, ignoring case and accents.
 * Any other `key:value` is searched as words; a filter with a bad value (`before:soon`), a query
 * with neither words nor filters, or one over `MAX_SEARCH_QUERY_LENGTH` (256) characters rejects
 * with `invalid_input`.
 *
 * @example
 * import { searchMessages } from '@hearth/sdk/search';
 * const { results, hasMore } = await searchMessages(chat, 'deploy from:ada', { serverId: 's_1' });
 * const [first] = results;
 * if (first) await chat.channel(first.message.channelId).jumpTo(first.message.seq);
 *
 * @module
 */
import type { ChatClient } from './client.js';
import type { components } from './generated/openapi.js';
import { internalsOf } from './internals-of.js';
import { readAnswer } from './rest.js';
import { SEARCH_PAGE } from './rest-shapes.js';

/**
 * One message found: the message as it stands now, its server and channel's name, and an excerpt
 * of its content around the matched words with their ranges. The excerpt is plain text: highlight
 * it by the ranges, never by inserting markup into it.
 */
export type SearchHit = components['schemas']['SearchHit'];
/** A matched range of an excerpt, in UTF-16 code units from its start (`end` excluded). */
export type Highlight = components['schemas']['Highlight'];
/**
 * A page of results, best match first (newest first when the query has only filters); `hasMore`
 * when more follow (ask again with `offset` raised by the number of results).
 */
export type SearchPage = components['schemas']['SearchPage'];

/** Options of {@link searchMessages}. */
export interface SearchOptions {
  /**
   * Search this server's channels only (a public one, or a private one the user belongs to; any
   * other rejects with `unknown_server`). Every server the user belongs to when left out.
   */
  serverId?: string;
  /** The most results to return: 1 to 50, 25 when left out. */
  limit?: number;
  /** How many results to skip (the next page), at most 1000. */
  offset?: number;
  /** Cancels the search (a newer query replaces it): it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Searches the messages the user can read for `query`. Deleted messages are never found, and an
 * edited one only by its current text. Rejects with a `ChatApiError`: `invalid_input` (400, with
 * `field`) for a bad query or option, `unknown_server` (404) for a server the user cannot read.
 *
 * @example
 * const page = await searchMessages(chat, 'has:image after:2026-11-01', { limit: 10 });
 * for (const hit of page.results) console.log(`#${hit.channelName}`, hit.excerpt);
 */
export async function searchMessages(chat: ChatClient, query: string, options: SearchOptions = {}): Promise<SearchPage> {
  const { serverId, limit, offset, signal } = options;
  const url = new URL(`${chat.url}/api/search`);
  for (const [key, value] of Object.entries({ q: query, serverId, limit, offset })) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const res = await internalsOf(chat, 'search').authorized(url, { headers: {}, signal });
  return (await readAnswer(res, 'GET /api/search', SEARCH_PAGE)) as SearchPage;
}
