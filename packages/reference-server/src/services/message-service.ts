import { MAX_CLIENT_ID_LENGTH, MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import type { Channel, Message, User, Visibility } from '../domain/types.js';
import type { AppendResult, MessagePage, NewMessage, PageQuery, Storage } from '../storage/types.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { assertWellFormed } from './text-rules.js';

/** Which page of a channel's history to read: by seq, before or after a point, at most `limit` messages. */
export type HistoryQuery = PageQuery;

/** The largest page of history one request returns. */
export const MAX_PAGE_LIMIT = 100;

/** A message as its author sends it. */
export interface NewMessageInput {
  content: unknown;
  clientId?: string | null | undefined;
}

/** What a subscriber missed after a given `seq`. */
export interface Missed {
  missed: Message[];
  /** False when more were missed than the bound; the rest is paged over REST. */
  complete: boolean;
  lastSeq: number;
}

interface ChannelAccess {
  channel: Channel;
  visibility: Visibility;
}

/**
 * The rules of messages: who may read and post where, content limits, idempotent sends, history.
 * Posting itself (store, then publish) is the delivery core's `post`, which both transports call.
 */
export class MessageService {
  // A channel never moves to another server and a server never changes visibility, so the pair
  // can be remembered; membership is not, and is checked on every call.
  private readonly access = new Map<string, ChannelAccess>();

  constructor(
    private readonly storage: Storage,
    private readonly missedLimit: number,
  ) {}

  /**
   * The checks of a post: who may post where, content and clientId. Apart from {@link store} so
   * that a connection can admit its sends one after another, in the order they came, while their
   * commits still share transactions with everyone else's.
   */
  async admit(user: User, channelId: string, input: NewMessageInput): Promise<NewMessage> {
    await this.requireWriter(user, channelId);
    const content = validateContent(input.content);
    const clientId = validateClientId(input.clientId);
    return { channelId, author: user, clientId, content };
  }

  /**
   * Stores a message {@link admit} let through (or finds the one stored earlier with the same
   * `clientId`). The message is queued for storage before this returns, so messages stored in the
   * order of these calls get their seqs in that order.
   */
  store(message: NewMessage): Promise<AppendResult> {
    return this.storage.messages.append(message);
  }

  async history(user: User, channelId: string, query: HistoryQuery): Promise<MessagePage> {
    await this.requireReadable(user, channelId);
    return this.storage.messages.page(channelId, { ...query, limit: Math.min(query.limit, MAX_PAGE_LIMIT) });
  }

  /** The messages after `afterSeq`, up to the missed-message bound. */
  async missedSince(user: User, channelId: string, afterSeq: number | undefined): Promise<Missed> {
    await this.requireReadable(user, channelId);
    const lastSeq = await this.storage.messages.lastSeq(channelId);
    if (afterSeq === undefined || afterSeq >= lastSeq) return { missed: [], complete: true, lastSeq };
    const page = await this.storage.messages.page(channelId, { after: afterSeq, limit: this.missedLimit });
    return { missed: page.messages, complete: !page.hasMore, lastSeq };
  }

  /**
   * The channel's newest seq, for the socket hub: no permission check, since the hub only serves
   * subscribers already let in.
   */
  lastSeq(channelId: string): Promise<number> {
    return this.storage.messages.lastSeq(channelId);
  }

  /**
   * Up to `limit` stored messages after `afterSeq`, for the socket hub filling a gap the fan-out
   * left: no permission check, since the hub only serves subscribers already let in.
   */
  messagesAfter(channelId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    return this.storage.messages.page(channelId, { after: afterSeq, limit });
  }

  /**
   * The ids of the channels only a server's members may read: all of a private server's, none of
   * a public one's (anyone with a token reads those) or of an unknown server.
   */
  async membersOnlyChannelIdsOf(serverId: string): Promise<string[]> {
    const server = await this.storage.servers.get(serverId);
    if (server?.visibility !== 'private') return [];
    return server.channels.map((channel) => channel.id);
  }

  /** The channel, if `user` may post in it (and so type in it): they must belong to its server. */
  async requireWriter(user: User, channelId: string): Promise<ChannelAccess> {
    const access = await this.requireReadable(user, channelId);
    await this.assertMember(user, access.channel.serverId);
    return access;
  }

  /** The channel, if `user` may read it: any channel of a public server, or of a server they belong to. */
  async requireReadable(user: User, channelId: string): Promise<ChannelAccess> {
    let access = this.access.get(channelId);
    // No id holds NUL, and PostgreSQL refuses to even look one up.
    if (!access && channelId.includes('\u0000')) throw unknownChannel(channelId);
    if (!access) {
      const channel = await this.storage.channels.get(channelId);
      const server = channel && (await this.storage.servers.get(channel.serverId));
      if (!channel || !server) throw unknownChannel(channelId);
      access = { channel, visibility: server.visibility };
      this.access.set(channelId, access);
    }
    if (access.visibility === 'private' && !(await this.storage.servers.roleOf(access.channel.serverId, user.id))) {
      throw unknownChannel(channelId);
    }
    return access;
  }

  private async assertMember(user: User, serverId: string): Promise<void> {
    if (!(await this.storage.servers.roleOf(serverId, user.id))) {
      throw new ChatError(ErrorCode.notMember, 'join the server to post in its channels');
    }
  }
}

function unknownChannel(channelId: string): ChatError {
  return new ChatError(ErrorCode.unknownChannel, `no channel with id ${channelId}`);
}

function validateContent(content: unknown): string {
  if (typeof content !== 'string') {
    throw new ChatError(ErrorCode.invalidInput, 'content must be a string', { field: 'content' });
  }
  if (content.trim().length === 0) {
    throw new ChatError(ErrorCode.invalidInput, 'content must not be empty', { field: 'content' });
  }
  if (content.length > MAX_CONTENT_LENGTH) {
    throw new ChatError(ErrorCode.contentTooLong, `content is over ${MAX_CONTENT_LENGTH} characters`, {
      field: 'content',
    });
  }
  assertWellFormed(content, 'content');
  return content;
}

function validateClientId(clientId: unknown): string | null {
  if (clientId === undefined || clientId === null) return null;
  if (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new ChatError(ErrorCode.invalidInput, `clientId must be 1 to ${MAX_CLIENT_ID_LENGTH} characters`, {
      field: 'clientId',
    });
  }
  assertWellFormed(clientId, 'clientId');
  return clientId;
}
