import type { Channel, SearchHit, Server, User } from '../domain/types.js';
import { KeyedBuckets } from '../rate-limit/keyed-buckets.js';
import type { Storage } from '../storage/types.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { excerptOf } from './search-excerpt.js';
import { parseSearch } from './search-query.js';
import { unknownServer } from './server-access.js';

/** What a search asks: the search box's text, optionally one server, and the page. */
export interface SearchRequest {
  q: string;
  serverId?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of results, best first. */
export interface SearchResults {
  results: SearchHit[];
  hasMore: boolean;
}

const NOTHING_FOUND: SearchResults = { results: [], hasMore: false };

/**
 * Full-text search over the messages a user can read: it parses the query (`search-query.ts`),
 * resolves which channels and authors it covers, asks the storage for a page and cuts each
 * result's excerpt. A server the user may not read is `unknown_server`, never an empty page, so
 * nothing about its messages (not even how many match) reaches them.
 */
export class SearchService {
  private readonly searches: KeyedBuckets;

  /** `perMinute` searches per user, a third of them at once. */
  constructor(
    private readonly storage: Storage,
    perMinute: number,
  ) {
    this.searches = new KeyedBuckets(perMinute / 60, Math.max(1, Math.round(perMinute / 3)));
  }

  /**
   * A page of the messages matching `request.q` in the channels `user` can read: with `serverId`
   * that server's (public and they are not banned, or one they belong to), else those of every
   * server they belong to. `rate_limited` with `retryAfterMs` past the per-user rate.
   */
  async search(user: User, request: SearchRequest): Promise<SearchResults> {
    const retryAfterMs = this.searches.take(user.id);
    if (retryAfterMs > 0) throw new ChatError(ErrorCode.rateLimited, 'too many searches; slow down', { retryAfterMs });
    const parsed = parseSearch(request.q);
    const servers = await this.readableServers(user, request.serverId);
    const channelIds = channelsNamed(
      servers.flatMap((server) => server.channels),
      parsed.in,
    ).map((channel) => channel.id);
    if (channelIds.length === 0) return NOTHING_FOUND;
    const authorIds = parsed.from.length === 0 ? undefined : await this.authorsNamed(parsed.from);
    if (authorIds?.length === 0) return NOTHING_FOUND;
    const page = await this.storage.search.messages({
      words: parsed.words,
      prefix: parsed.prefix,
      channelIds,
      authorIds,
      has: parsed.has,
      before: parsed.before,
      after: parsed.after,
      limit: request.limit,
      offset: request.offset,
      viewerId: user.id,
    });
    return {
      results: page.results.map((match) => ({ ...match, ...excerptOf(match.message.content, parsed.words, parsed.prefix) })),
      hasMore: page.hasMore,
    };
  }

  /** The servers whose channels the search covers; `unknown_server` for one the user may not read. */
  private async readableServers(user: User, serverId: string | undefined): Promise<Server[]> {
    if (serverId === undefined) {
      const ids = await this.storage.servers.idsOf(user.id);
      const servers = await Promise.all(ids.map((id) => this.storage.servers.get(id)));
      return servers.filter((server) => server !== undefined);
    }
    const [server, role] = await Promise.all([this.storage.servers.get(serverId), this.storage.servers.roleOf(serverId, user.id)]);
    if (!server || (role === undefined && server.visibility === 'private')) throw unknownServer(serverId);
    if (role === undefined && (await this.storage.servers.banOf(serverId, user.id))) throw unknownServer(serverId);
    return [server];
  }

  /** The ids of the users each `from:` value names (by id, or by name ignoring case); none when none does. */
  private async authorsNamed(names: readonly string[]): Promise<string[]> {
    const ids = await Promise.all(names.map((name) => this.storage.search.userIds(name)));
    return [...new Set(ids.flat())];
  }
}

/** The channels among `channels` with any of the `in:` names (ignoring case), or all of them without any. */
function channelsNamed(channels: Channel[], names: readonly string[]): Channel[] {
  if (names.length === 0) return channels;
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return channels.filter((channel) => wanted.has(channel.name.toLowerCase()));
}
