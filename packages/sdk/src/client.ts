import { type ReadableAtom, atom } from 'nanostores';
import { type AsyncStore, type SettableAsyncStore, asyncStore } from './async-store.js';
import type { ChatChannel } from './chat-channel.js';
import { ChannelStore } from './channel-store.js';
import { type ConnectionState, type Connection, type WebSocketConstructor, createConnection } from './connection.js';
import { createEmitter } from './emitter.js';
import { type ChatApiError, ChatSocketError } from './errors.js';
import type { components } from './generated/openapi.js';
import { type ClientInternals, INTERNALS } from './internals.js';
import { createOutbox } from './outbox.js';
import type { Message, ServerFrame, ServerFrameOf, User } from './protocol/frames.js';
import { type Request, createAuthorized, createRequest } from './rest.js';
import { CATEGORY, MEMBER_PAGE, MEMBERSHIP, MESSAGE, MESSAGE_PAGE, SERVER, USER } from './rest-shapes.js';
import { createTokenSource } from './token-source.js';

type Schemas = components['schemas'];
/** A group of servers. */
export type Category = Schemas['Category'];
/** A community with its channels. */
export type Server = Schemas['Server'];
/** A room in a server. */
export type Channel = Schemas['Channel'];
/** A member's role in a server, highest first: `owner`, `admin`, `moderator`, `member`. */
export type Role = Schemas['Role'];
/**
 * A user's place in a server: their role, and until when they are timed out (`mutedUntil`, an ISO
 * date; null when they are not).
 */
export type Membership = Schemas['Membership'];
/** A user banned from a server: who banned them, when and why. */
export type Ban = Schemas['Ban'];
/** A code that lets whoever has it join a server, with its expiry and uses. */
export type Invite = Schemas['Invite'];
/** What an invite leads to, as someone who is not a member sees it. */
export type InvitePreview = Schemas['InvitePreview'];
/** One moderation or management action in a server: who did what to whom, when and why. */
export type AuditEntry = Schemas['AuditEntry'];
/** A page of a server's audit log, newest first. */
export type AuditLogPage = Schemas['AuditLogPage'];
/** A member of a server and their role. */
export type Member = Schemas['Member'];
/** Members of a server, by name. */
export type MemberPage = Schemas['MemberPage'];
/** A page of history, oldest first. */
export type MessagePage = Schemas['MessagePage'];
/**
 * Which servers to list: of one category, only the user's (`member: 'me'`), at most `limit`.
 *
 * @example
 * const query: ServerQuery = { category: 'ct_games', limit: 20 };
 * const $games = chat.servers.$list(query);
 */
export type ServerQuery = { category?: string; limit?: number; member?: 'me' };

/**
 * The ids of the servers the signed-in user belongs to, and the verbs that change them.
 *
 * @example
 * const joined = chat.$memberships.get();
 * if (joined.state === 'ready' && !joined.value.includes('s_1')) await chat.$memberships.join('s_1');
 */
export interface MembershipStore extends AsyncStore<readonly string[]> {
  /** Joins a server; the stores that show it refresh. Rejects with `ChatApiError` when refused. */
  join(serverId: string): Promise<void>;
  /** Leaves a server; the stores that show it refresh. */
  leave(serverId: string): Promise<void>;
}

/** Options of {@link createChatClient}. */
export interface ChatClientOptions {
  /** Base URL of the Hearth server, e.g. `https://chat.example.com`. */
  url: string;
  /** A token signed by your backend. Give this or `getToken`. */
  token?: string;
  /** Returns a fresh token; called at first use and again when the server says the token expired. */
  getToken?: () => string | Promise<string>;
  /** The socket's URL, when it is not `url` with a `ws(s)` scheme and the path `/ws`. */
  socketUrl?: string;
  /** The WebSocket class; defaults to `globalThis.WebSocket`. In Node, pass `WebSocket` from `ws`. */
  WebSocket?: WebSocketConstructor;
  /** The fetch function; defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** An extra check of every socket frame, e.g. `validateServerFrame` from `@hearth/sdk/protocol`. */
  validate?: (frame: unknown) => boolean;
  /** How many messages a channel keeps in memory (default 500). */
  windowSize?: number;
}

/** The events of a client, for those who prefer callbacks to stores. */
export interface ChatEvents {
  /** A request or frame failed, or the connection was given up. */
  error: (error: ChatApiError | ChatSocketError | Error) => void;
  /** A message arrived in a watched channel. */
  message: (message: Message) => void;
  /** The connection changed state. */
  connection: (state: ConnectionState) => void;
  /**
   * The signed-in user joined or left a server, through this client or elsewhere (another tab, an
   * invite, a moderator). `reason` is set when the server removed them: `left` (from another
   * client), `kicked` or `banned`.
   */
  membership: (change: { serverId: string; member: boolean; reason?: string }) => void;
}

/** A Hearth client: REST calls, one socket, and a store per channel. See {@link createChatClient}. */
export interface ChatClient {
  /** The server's base URL; media paths such as `iconUrl` resolve against it. */
  readonly url: string;
  /** Where the socket stands: `connecting`, `open`, `reconnecting`, `offline` or `closed`. */
  readonly $connection: ReadableAtom<ConnectionState>;
  /** The signed-in user once the socket is authenticated; null before. */
  readonly $user: ReadableAtom<User | null>;
  /** The store of one channel; the same instance for the same id. */
  channel(id: string): ChatChannel;
  /** Which servers the user belongs to (their ids), watched like any store. */
  readonly $memberships: MembershipStore;
  /**
   * The signed-in user's membership (role, time-out) in each server they belong to, by server id:
   * set at each `ready` of the socket (empty before), kept live by the server's `member_update`
   * frames and by this client's joins, leaves, created servers and accepted invites. A server the
   * user lost leaves it.
   */
  readonly $roles: ReadableAtom<Readonly<Record<string, Membership>>>;
  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof ChatEvents>(event: K, listener: ChatEvents[K]): () => void;
  /** Opens the socket now instead of at the first watched channel. */
  connect(): void;
  /**
   * Tries to connect now instead of waiting for the next attempt (a "Reconnect now" button): a new
   * socket replaces the current one, and queued sends go out once it is ready. Starts a closed
   * client, as `connect()` does. The client does this by itself when the browser comes back online
   * or the page becomes visible; between attempts it waits at most 5 s.
   */
  reconnect(): void;
  /** Closes the socket; pending sends stay queued and go out if `connect()` is called again. */
  close(): void;
  categories: {
    list(): Promise<Category[]>;
    /** Every category, as a store (refreshed after a reconnect). */
    readonly $list: AsyncStore<Category[]>;
  };
  servers: {
    list(query?: ServerQuery): Promise<Server[]>;
    get(id: string): Promise<Server>;
    /**
     * The servers of a query, as a store; the same instance for the same query. A server in it that
     * changes (`server_update`) takes its new state in place.
     */
    $list(query?: ServerQuery): AsyncStore<Server[]>;
    /**
     * One server, as a store kept live by `server_update` (its fields and channels); the same
     * instance for the same id.
     */
    $get(id: string): AsyncStore<Server>;
    /** Joins a server (no `userId`), or, as its owner, adds a user. */
    join(serverId: string, userId?: string): Promise<Membership>;
    leave(serverId: string): Promise<void>;
    /**
     * The server's members by name, at most `limit` (default 20); `prefix` keeps those whose name
     * starts with it, ignoring case (an `@` autocomplete); `offset` skips that many (the next page).
     */
    members(serverId: string, query?: { prefix?: string; offset?: number; limit?: number }): Promise<MemberPage>;
  };
  messages: {
    /** A page of history: the newest, `before`, `after` or `around` a seq; `thread` pages a thread's replies. */
    list(
      channelId: string,
      query?: { before?: number; after?: number; around?: number; thread?: string; limit?: number },
    ): Promise<MessagePage>;
    /**
     * Posts over REST (bots, server-side code); idempotent by `clientId` like the socket.
     * `attachments` names uploads of the user's to this channel (`@hearth/sdk/attachments`).
     */
    post(
      channelId: string,
      input: { content: string; clientId?: string; replyTo?: string; threadId?: string; attachments?: string[] },
    ): Promise<Message>;
  };
  /** Who the token speaks for. */
  me(): Promise<User>;
}

/**
 * Creates a client. Creating it opens nothing and touches no global: the socket opens when a
 * channel's `$messages` is first watched (or on `connect()`), so it is safe during SSR.
 *
 * @example
 * import { createChatClient } from '@hearth/sdk';
 * const chat = createChatClient({ url: 'https://chat.example.com', getToken: () => fetchMyToken() });
 * const general = chat.channel('c_general');
 * general.$messages.subscribe((rows) => render(rows));
 * await general.send('hi');
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  if (typeof options?.url !== 'string') throw new TypeError('createChatClient: pass url, the base URL of the Hearth server');
  if (options.token !== undefined && options.getToken !== undefined) {
    throw new TypeError('createChatClient: pass token or getToken, not both');
  }
  if (options.token === undefined && options.getToken === undefined) {
    throw new TypeError('createChatClient: pass token or getToken');
  }
  const baseUrl = options.url.replace(/\/$/, '');
  const tokens = createTokenSource(options.token, options.getToken);
  const authorized = createAuthorized(options.fetch, tokens);
  const request: Request = createRequest(baseUrl, authorized);
  const events = createEmitter<ChatEvents>();
  const user = atom<User | null>(null);
  const channels = new Map<string, ChannelStore>();
  const watched = new Set<ChannelStore>();
  const stores = new Map<string, SettableAsyncStore<unknown>>();
  const roles = atom<Readonly<Record<string, Membership>>>({});
  /** The optional entries' listeners of every frame understood, `ready` included. */
  const frames = new Set<(frame: ServerFrame) => void>();
  /** The refreshes of the watched stores, run when the socket is open again after a drop. */
  const reconnected = new Set<() => void>();
  const report = (error: Error) => events.emit('error', error);

  const connection: Connection = createConnection({
    url: options.socketUrl ?? `${baseUrl.replace(/^http/, 'ws')}/ws`,
    WebSocket: options.WebSocket,
    tokens,
    validate: options.validate,
    onReady(frame) {
      user.set(frame.user);
      roles.set(
        Object.fromEntries((frame.memberships ?? []).map((held) => [held.serverId, { ...held, mutedUntil: held.mutedUntil ?? null }])),
      );
      for (const channel of watched) connection.send(channel.subscribeFrame());
      outbox.flush();
      frames.forEach((listener) => listener(frame));
    },
    onFrame(frame) {
      receive(frame);
      frames.forEach((listener) => listener(frame));
    },
    onFatal: report,
  });
  let opened = false;
  connection.$state.listen((state) => {
    // Who is here is known only while connected; the next `subscribed` brings it back.
    if (state !== 'open') for (const channel of watched) channel.offline();
    else if (opened) for (const refresh of reconnected) refresh();
    opened ||= state === 'open';
    events.emit('connection', state);
  });
  const outbox = createOutbox(connection.send);

  /** The channel of this id if something watches it. */
  const watchedChannel = (id: string) => [...watched].find((channel) => channel.id === id);

  function receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'subscribed':
        return channels.get(frame.channelId)?.subscribed(frame);
      case 'message': {
        const { message } = frame;
        // The broadcast of one's own send may come before its ack: it settles the send just the same.
        if (message.clientId && message.author.id === user.get()?.id) outbox.acknowledge(message.clientId, message);
        channels.get(message.channelId)?.accept(message, { thread: frame.thread });
        return events.emit('message', message);
      }
      case 'changed':
        return channels.get(frame.message.channelId)?.accept(frame.message, { broadcast: true, reaction: frame.reaction });
      case 'ack':
        outbox.acknowledge(frame.clientId, frame.message);
        return watchedChannel(frame.message.channelId)?.accept(frame.message, { thread: frame.thread });
      case 'presence':
        return watchedChannel(frame.channelId)?.present(frame.users, frame.count);
      case 'server_update':
        return serverChanged(frame.server as Server);
      case 'member_update':
        return placeChanged(frame);
      case 'error': {
        const error = new ChatSocketError(frame.code, frame.message, frame.ref, frame.retryAfterMs);
        // A send's refusal is the outbox's alone; any other ref names a channel.
        if (frame.ref !== undefined && !outbox.refuse(frame.ref, error, frame.retryAfterMs)) {
          const channel = watchedChannel(frame.ref);
          if (frame.code === 'rate_limited') channel?.rateLimited(frame.retryAfterMs);
          else channel?.refused(error);
        }
        return report(error);
      }
      case 'unsubscribed': {
        // Without a reason it confirms the client's own unsubscribe; with one, the server cut it off.
        if (frame.reason === undefined) return;
        const error = new ChatSocketError(
          'access_revoked',
          `access to channel ${frame.channelId} ended (${frame.reason})`,
          frame.channelId,
          undefined,
          frame.reason,
        );
        outbox.failChannel(frame.channelId, error);
        const channel = channels.get(frame.channelId);
        // The channel stops: a reconnect does not subscribe it again; watching it anew does.
        if (channel && watched.delete(channel)) {
          channel.offline();
          return channel.refused(error);
        }
        return report(error);
      }
    }
  }

  const context = {
    request,
    outbox,
    send: connection.send,
    frames,
    watch(channel: ChannelStore) {
      watched.add(channel);
      connection.start();
      connection.send(channel.subscribeFrame());
    },
    unwatch(channel: ChannelStore) {
      watched.delete(channel);
      connection.send({ type: 'unsubscribe', channelId: channel.id });
    },
    user: () => user.get(),
    report,
    windowSize: options.windowSize ?? 500,
  };

  /**
   * A store of server data, one per key; `byMembership` refreshes it after a join or leave;
   * `watching` runs while it is watched, and returns what ends it.
   */
  function shared<T>(key: string, load: () => Promise<T>, byMembership = true, watching?: () => () => void) {
    let store = stores.get(key) as SettableAsyncStore<T> | undefined;
    if (!store) {
      store = asyncStore({
        load,
        watch(refresh) {
          reconnected.add(refresh);
          const stop = byMembership ? events.on('membership', refresh) : undefined;
          const unwatch = watching?.();
          return () => {
            reconnected.delete(refresh);
            stop?.();
            unwatch?.();
          };
        },
      });
      stores.set(key, store);
    }
    return store;
  }

  const listServers = (query: ServerQuery = {}) => request('get', '/api/servers', { query }, [SERVER]);
  const getServer = (id: string) => request('get', '/api/servers/{id}', { path: { id } }, SERVER);
  const join = async (id: string, userId?: string) => {
    const membership = await request(
      'post',
      '/api/servers/{id}/members',
      { path: { id }, ...(userId !== undefined && { body: { userId } }) },
      MEMBERSHIP,
    );
    if (userId === undefined) entered(membership);
    return membership;
  };
  /** The user is now a member (a join, an invite): `$roles` and the stores that show it follow. */
  const entered = (membership: Membership) => {
    roles.set({ ...roles.get(), [membership.serverId]: membership });
    events.emit('membership', { serverId: membership.serverId, member: true });
  };
  const leave = async (id: string) => {
    await request('delete', '/api/servers/{id}/members/me', { path: { id } });
    events.emit('membership', { serverId: id, member: false });
  };
  const joined = shared('memberships', async () => (await listServers({ member: 'me' })).map((server) => server.id));
  // A join or leave through this client shows at once; the refresh it starts confirms it.
  events.on('membership', ({ serverId, member }) => {
    const shown = joined.get();
    const others = shown.value?.filter((id) => id !== serverId);
    if (shown.state === 'ready' && others) joined.set({ state: 'ready', value: member ? [...others, serverId] : others });
    if (!member) {
      const { [serverId]: _left, ...kept } = roles.get();
      roles.set(kept);
    }
  });
  const memberships: MembershipStore = Object.assign(joined, { join: async (id: string) => void (await join(id)), leave });
  const categories = () => request('get', '/api/categories', {}, [CATEGORY]);
  const listMembers = (id: string, query: { prefix?: string; offset?: number; limit?: number } = {}) =>
    request('get', '/api/servers/{id}/members', { path: { id }, query }, MEMBER_PAGE);

  /**
   * A member's place in a server changed: the user's own shows in `$roles` (gaining or losing the
   * server as a `membership` event, a removal with its reason).
   */
  function placeChanged({ serverId, user: who, role, mutedUntil, change }: ServerFrameOf<'member_update'>): void {
    if (who.id !== user.get()?.id) return;
    const held = serverId in roles.get();
    if (role) roles.set({ ...roles.get(), [serverId]: { serverId, userId: who.id, role, mutedUntil } });
    if (held !== !!role) events.emit('membership', { serverId, member: !!role, ...(!role && { reason: change }) });
  }

  /** A server changed: the loaded stores that show it take its new state in place. */
  function serverChanged(server: Server): void {
    for (const [key, store] of stores) {
      const { state, value } = store.get();
      const list = value as Server[];
      if (state !== 'ready') continue;
      if (key === `server ${server.id}`) store.set({ state, value: server });
      else if (key.startsWith('servers ') && list.some((shown) => shown.id === server.id)) {
        store.set({ state, value: list.map((shown) => (shown.id === server.id ? server : shown)) });
      }
    }
  }

  const client: ChatClient & { [INTERNALS]: ClientInternals } = {
    [INTERNALS]: { request, authorized, entered, send: connection.send, frames, report, shared },
    url: baseUrl,
    $connection: connection.$state,
    $user: user,
    channel(id) {
      let channel = channels.get(id);
      if (!channel) channels.set(id, (channel = new ChannelStore(id, context)));
      return channel;
    },
    $memberships: memberships,
    $roles: roles,
    on: events.on,
    connect: connection.start,
    reconnect: connection.reconnect,
    close: connection.close,
    categories: {
      list: categories,
      $list: shared('categories', categories, false),
    },
    servers: {
      list: listServers,
      get: getServer,
      // Unset parameters are left out of the URL, so `{}` and `{ category: undefined }` are one query.
      $list: ({ category, member, limit } = {}) =>
        shared(`servers ${category} ${member} ${limit}`, () => listServers({ category, member, limit })),
      $get: (id) => shared(`server ${id}`, () => getServer(id)),
      join,
      leave,
      members: listMembers,
    },
    messages: {
      list: (id, query = {}) => request('get', '/api/channels/{id}/messages', { path: { id }, query }, MESSAGE_PAGE),
      post: (id, body) => request('post', '/api/channels/{id}/messages', { path: { id }, body }, MESSAGE),
    },
    me: () => request('get', '/api/me', {}, USER),
  };
  return client;
}
