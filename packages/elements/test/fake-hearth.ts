import { type ChatClient, type Message, type ReadState, type Server, type User, createChatClient } from '@hearth/sdk';
import { FakeCommunity } from './fake-community.js';

type Frame = { type: string; [key: string]: unknown };
/** Who added or removed which reaction, as a `changed` frame says. */
type ReactionChange = { emoji: string; userId: string; added: boolean };
/** A thread's summary after a reply, naming its root (the `thread` of `message` and `ack` frames). */
type ThreadUpdate = NonNullable<Message['thread']> & { rootId: string };

/**
 * An in-memory Hearth for element tests: it answers the REST calls the elements make through an
 * injected `fetch`, and speaks the socket protocol through an injected `WebSocket`, so each test
 * runs the real SDK against data it controls. (The real server is for the examples' e2e tests.)
 */
export class FakeHearth {
  readonly url = 'http://hearth.test';
  user: User = { id: 'u_me', name: 'Me', avatarUrl: null };
  categories = [
    { id: 'ct_games', name: 'Gaming', description: '', iconUrl: null },
    { id: 'ct_music', name: 'Music', description: '', iconUrl: null },
  ];
  servers: Server[] = [];
  members = new Set<string>();
  messages = new Map<string, Message[]>();
  /** While true, sends are stored but their ack and broadcast wait for {@link releaseAcks}. */
  holdAcks = false;
  /** The error code the next send is refused with, once. */
  refuseNextSend: string | undefined;
  /** The error code the next edit or delete over REST is refused with, once. */
  refuseNextChange: string | undefined;
  /** The error code the next reaction added or removed over REST is refused with, once. */
  refuseNextReaction: string | undefined;
  /** Who reacted to each message with each emoji, in order: by message id, then emoji. */
  readonly reactions = new Map<string, Map<string, User[]>>();
  /** Users a `<@USER_ID>` mention in a message resolves to (the user and every author are added). */
  readonly users = new Map<string, User>();
  /** Serve history pages of this many messages whatever the client asks (to load a huge window at once). */
  pageSize: number | undefined;
  readonly requests: string[] = [];
  /** The JSON bodies of the requests, by the same index as {@link requests} (undefined without one). */
  readonly bodies: unknown[] = [];
  /** Paths (like `/api/servers`) that answer 503 while listed here, as a server that is down. */
  readonly unavailable = new Set<string>();
  /** Routes of other fakes (search), asked first: the first answer wins. */
  readonly routes: Array<(method: string, url: URL) => Promise<Response> | undefined> = [];
  private readonly sockets = new Set<FakeSocket>();
  /** Thread replies by root id: they take the channel's seq, and stay out of its main line. */
  readonly threadReplies = new Map<string, Message[]>();
  /** The send frames that went into a thread, as the sockets sent them. */
  readonly threadSends: Frame[] = [];
  /** The server's members, for `GET /api/servers/{id}/members` (one list for every server). */
  memberList: User[] = [
    { id: 'u_ada', name: 'Ada Lovelace', avatarUrl: null },
    { id: 'u_adam', name: 'Adam', avatarUrl: null },
    { id: 'u_bob', name: 'Bob', avatarUrl: null },
    { id: 'u_me', name: 'Me', avatarUrl: null },
  ];
  /** The prefixes the members were looked up by, in order. */
  readonly memberLookups: string[] = [];
  /** The user's read position by channel id (none: nothing read). */
  readonly readPositions = new Map<string, number>();
  /** The ids of the members who are online, in every server (none by default, so lists keep their name order). */
  readonly online = new Set<string>();
  /** The `read` frames the sockets sent, in order. */
  readonly readFrames: Frame[] = [];
  /** Roles, time-outs, bans, invites, the audit log and slow mode, with their routes and frames. */
  readonly community: FakeCommunity = new FakeCommunity(this);
  private held: Array<() => void> = [];
  private seqCounter = 0;
  /** Each channel's newest seq: new messages and changes alike take the next one. */
  private readonly lastSeqs = new Map<string, number>();

  constructor() {
    this.addServer({ id: 's_one', name: 'Pixel Pals', categoryId: 'ct_games', channels: ['general', 'random'] });
    this.addServer({ id: 's_two', name: 'Lo-fi Lounge', categoryId: 'ct_music', channels: ['general'], member: false });
  }

  addServer(input: { id: string; name: string; categoryId: string; channels: string[]; member?: boolean; description?: string }): Server {
    const server: Server = {
      id: input.id,
      name: input.name,
      description: input.description ?? `About ${input.name}`,
      iconUrl: null,
      bannerUrl: null,
      categoryId: input.categoryId,
      ownerId: 'u_owner',
      visibility: 'public',
      memberCount: 3,
      channels: input.channels.map((name, position) => ({
        id: `c_${input.id.slice(2)}_${name}`,
        serverId: input.id,
        name,
        topic: `All about ${name}`,
        position,
        slowModeSeconds: 0,
      })),
    };
    this.servers.push(server);
    if (input.member !== false) this.members.add(`${server.id}:${this.user.id}`);
    for (const channel of server.channels) this.messages.set(channel.id, []);
    return server;
  }

  /**
   * Stores a message as if someone posted it, and delivers it to subscribed sockets. A `replyTo`
   * quotes that message of the channel; `<@USER_ID>` tokens of known users become `mentions`.
   */
  post(
    channelId: string,
    content: string,
    author: User = { id: 'u_other', name: 'Other', avatarUrl: null },
    clientId: string | null = null,
    options: { replyTo?: string } = {},
  ): Message {
    const list = this.messages.get(channelId) ?? [];
    const seq = this.nextSeq(channelId);
    this.users.set(author.id, author);
    const message: Message = {
      replyTo: options.replyTo ? this.quote(channelId, options.replyTo) : null,
      mentions: this.mentionsIn(content),
      id: `m_${++this.seqCounter}`,
      channelId,
      seq,
      author,
      content,
      createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, list.length)).toISOString(),
      clientId,
      version: seq,
      editedAt: null,
      deleted: false,
    };
    list.push(message);
    this.messages.set(channelId, list);
    for (const socket of this.sockets) if (socket.subscribed.has(channelId)) socket.deliver({ type: 'message', message });
    this.announceActivity(message);
    return message;
  }

  /**
   * Edits a message as its author would (anyone's, for the tests), taking the channel's next seq,
   * and delivers the `changed` frame to subscribed sockets.
   */
  edit(channelId: string, messageId: string, content: string): Message {
    return this.change(channelId, messageId, { content, editedAt: new Date(Date.UTC(2026, 0, 1, 13)).toISOString() });
  }

  /** Deletes a message (a tombstone), taking the channel's next seq, and delivers `changed`. */
  remove(channelId: string, messageId: string): Message {
    this.reactions.delete(messageId);
    return this.change(channelId, messageId, { content: '', deleted: true, reactions: [], mentions: [] });
  }

  private change(channelId: string, messageId: string, changes: Partial<Message>, reaction?: ReactionChange): Message {
    const list = this.listHolding(channelId, messageId);
    const index = list.findIndex((message) => message.id === messageId);
    const message: Message = { ...(list[index] as Message), ...changes, version: this.nextSeq(channelId) };
    list[index] = message;
    for (const socket of this.sockets) if (socket.subscribed.has(channelId)) socket.deliver({ type: 'changed', message, reaction });
    return message;
  }

  /**
   * Adds (or with `added: false` removes) `user`'s reaction, taking the channel's next seq, and
   * broadcasts `changed` with `me: false` and the reaction, as the server does. Returns the message
   * as the fake's user sees it.
   */
  react(channelId: string, messageId: string, emoji: string, user: User = this.user, added = true): Message {
    const byEmoji = this.reactions.get(messageId) ?? new Map<string, User[]>();
    this.reactions.set(messageId, byEmoji);
    const reactors = (byEmoji.get(emoji) ?? []).filter((reactor) => reactor.id !== user.id);
    byEmoji.set(emoji, added ? [...reactors, user] : reactors);
    if (!added && reactors.length === 0) byEmoji.delete(emoji);
    const reactions = [...byEmoji].map(([key, users]) => ({ emoji: key, count: users.length, me: false }));
    const message = this.change(channelId, messageId, { reactions }, { emoji, userId: user.id, added });
    return { ...message, reactions: this.reactionsFor(messageId) };
  }

  /** The reactions on a message as the fake's user sees them (`me` set). */
  reactionsFor(messageId: string): Array<{ emoji: string; count: number; me: boolean }> {
    return [...(this.reactions.get(messageId) ?? [])].map(([emoji, users]) => ({
      emoji,
      count: users.length,
      me: users.some((user) => user.id === this.user.id),
    }));
  }

  /** The list that holds a message of a channel: its main line, or the replies of one of its threads. */
  private listHolding(channelId: string, messageId: string): Message[] {
    const lists = [this.messages.get(channelId) ?? [], ...this.threadReplies.values()];
    return lists.find((list) => list.some((message) => message.id === messageId && message.channelId === channelId)) ?? [];
  }

  /** What a reply shows of the message it answers (on the main line or in a thread). */
  private quote(channelId: string, messageId: string): Message['replyTo'] {
    const original = this.listHolding(channelId, messageId).find((message) => message.id === messageId);
    if (!original) return null;
    const { id, seq, author, content, deleted = false } = original;
    return { id, seq, author, excerpt: content.slice(0, 120), deleted };
  }

  /** The known users that `<@USER_ID>` tokens in `content` name, each once. */
  private mentionsIn(content: string): User[] {
    const ids = new Set([...content.matchAll(/<@([\w-]{1,64})>/g)].map((match) => match[1] as string));
    return [...ids].flatMap((id) => (id === this.user.id ? this.user : this.users.get(id)) ?? []);
  }

  private nextSeq(channelId: string): number {
    const seq = (this.lastSeqs.get(channelId) ?? 0) + 1;
    this.lastSeqs.set(channelId, seq);
    return seq;
  }

  /** Fills a channel with `count` messages from alternating authors. */
  fill(channelId: string, count: number): void {
    const authors = [
      { id: 'u_ada', name: 'Ada', avatarUrl: null },
      { id: 'u_bob', name: 'Bob', avatarUrl: null },
    ];
    for (let index = 0; index < count; index++) this.post(channelId, `message ${index + 1}`, authors[Math.floor(index / 3) % 2]);
  }

  releaseAcks(): void {
    this.holdAcks = false;
    for (const release of this.held.splice(0)) release();
  }

  /** Makes a client of this fake, as an element would get it. */
  client(options: { windowSize?: number } = {}): ChatClient {
    return createChatClient({
      ...options,
      url: this.url,
      token: 'token',
      fetch: (input, init) => this.fetch(input, init),
      WebSocket: this.socketClass(),
    });
  }

  /**
   * Puts this fake behind the page's own `fetch` and `WebSocket`, for elements that make their
   * client themselves (`<chat-provider url token>`). Returns the function that restores them.
   */
  installGlobals(): () => void {
    const { fetch, WebSocket } = globalThis;
    globalThis.fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).startsWith(this.url) ? this.fetch(input, init) : fetch(input, init);
    globalThis.WebSocket = this.socketClass() as unknown as typeof globalThis.WebSocket;
    return () => {
      globalThis.fetch = fetch;
      globalThis.WebSocket = WebSocket;
    };
  }

  /** How many open sockets are subscribed to `channelId`. */
  subscribers(channelId: string): number {
    return [...this.sockets].filter((socket) => socket.readyState === 1 && socket.subscribed.has(channelId)).length;
  }

  /** How many sockets the clients of this fake have open. */
  get openSockets(): number {
    return [...this.sockets].filter((socket) => socket.readyState === 1).length;
  }

  private async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = (init?.method ?? 'GET').toUpperCase();
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    this.bodies.push(body);
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const problem = (status: number, code: string, field?: string) =>
      new Response(JSON.stringify({ type: `/problems/${code}`, title: code, status, detail: code, code, ...(field && { field }) }), {
        status,
        headers: { 'content-type': 'application/problem+json' },
      });
    const path = url.pathname;
    if (this.unavailable.has(path)) return problem(503, 'unavailable');
    for (const route of this.routes) {
      const answer = route(method, url);
      if (answer) return answer;
    }
    const community = this.community.route(method, url, body, json, problem);
    if (community) return community;
    const threadOrMembers = this.threadsAndMembers(method, url, json, problem);
    if (threadOrMembers) return threadOrMembers;
    const readState = this.readRoutes(method, url, init, json, problem);
    if (readState) return readState;
    let match: RegExpMatchArray | null;
    if (path === '/api/categories') return json(this.categories);
    if (path === '/api/servers') {
      const category = url.searchParams.get('category');
      const mine = url.searchParams.get('member') === 'me';
      return json(
        this.servers.filter(
          (server) => (!category || server.categoryId === category) && (!mine || this.members.has(`${server.id}:${this.user.id}`)),
        ),
      );
    }
    if ((match = path.match(/^\/api\/servers\/([^/]+)$/))) {
      const server = this.servers.find((candidate) => candidate.id === match?.[1]);
      return server ? json(server) : problem(404, 'unknown_server');
    }
    if ((match = path.match(/^\/api\/servers\/([^/]+)\/members$/)) && method === 'POST') {
      if (this.community.bans.some((ban) => ban.serverId === match?.[1] && ban.user.id === this.user.id)) return problem(403, 'banned');
      const key = `${match[1]}:${this.user.id}`;
      const server = this.servers.find((candidate) => candidate.id === match?.[1]);
      if (server && !this.members.has(key)) server.memberCount++;
      this.members.add(key);
      return json({ serverId: match[1], userId: this.user.id, role: 'member' }, 201);
    }
    if ((match = path.match(/^\/api\/channels\/([^/]+)\/messages\/([^/]+)\/reactions\/([^/]+)$/))) {
      return this.reactionRoute(method, url, match[1] ?? '', match[2] ?? '', decodeURIComponent(match[3] ?? ''), json, problem);
    }
    if ((match = path.match(/^\/api\/channels\/([^/]+)\/messages\/([^/]+)$/))) {
      const [, channelId = '', messageId = ''] = match;
      const message = this.messages.get(channelId)?.find((candidate) => candidate.id === messageId);
      if (this.refuseNextChange) {
        const code = this.refuseNextChange;
        this.refuseNextChange = undefined;
        return problem(code === 'forbidden' ? 403 : 404, code);
      }
      if (!message || message.deleted) return problem(404, 'unknown_message');
      const role = this.community.roleOf(this.serverOf(channelId)?.id ?? '', this.user.id);
      const moderates = method === 'DELETE' && (role === 'owner' || role === 'admin' || role === 'moderator');
      if (message.author.id !== this.user.id && !moderates) return problem(403, 'forbidden');
      if (method === 'DELETE') return json(this.remove(channelId, messageId));
      const body = JSON.parse(init?.body as string) as { content: string };
      return json(this.edit(channelId, messageId, body.content));
    }
    if ((match = path.match(/^\/api\/channels\/([^/]+)\/messages$/))) {
      const list = this.messages.get(match[1] ?? '');
      if (!list) return problem(404, 'unknown_channel');
      const limit = this.pageSize ?? Number(url.searchParams.get('limit') ?? 50);
      const before = url.searchParams.get('before');
      const after = url.searchParams.get('after');
      const around = url.searchParams.get('around');
      let page: Message[];
      let hasMore: boolean;
      if (around !== null) {
        // The message at `around` and about half the page before it, as the server pages.
        const at = list.findIndex((message) => message.seq >= Number(around));
        const start = Math.max(0, Math.min((at < 0 ? list.length : at) - Math.floor(limit / 2), list.length - limit));
        page = list.slice(start, start + limit);
        return json({ messages: page.map((message) => this.seen(message)), hasMore: start > 0, hasNewer: start + limit < list.length });
      } else if (after !== null) {
        const rest = list.filter((message) => message.seq > Number(after));
        page = rest.slice(0, limit);
        hasMore = rest.length > limit;
      } else {
        const older = before === null ? list : list.filter((message) => message.seq < Number(before));
        page = older.slice(Math.max(0, older.length - limit));
        hasMore = older.length > limit;
      }
      return json({ messages: page.map((message) => this.seen(message)), hasMore });
    }
    return problem(404, 'not_found');
  }

  /** A message as the fake's user reads it over REST: its reactions' `me` set. */
  private seen(message: Message): Message {
    return this.reactions.has(message.id) ? { ...message, reactions: this.reactionsFor(message.id) } : message;
  }

  /** `PUT` and `DELETE` the user's reaction, and `GET` who reacted (`limit` of them, and how many). */
  private reactionRoute(
    method: string,
    url: URL,
    channelId: string,
    messageId: string,
    emoji: string,
    json: (body: unknown, status?: number) => Response,
    problem: (status: number, code: string) => Response,
  ): Response {
    const message = this.listHolding(channelId, messageId).find((candidate) => candidate.id === messageId);
    if (!message || message.deleted) return problem(404, 'unknown_message');
    if (method === 'GET') {
      const users = this.reactions.get(messageId)?.get(emoji) ?? [];
      return json({ users: users.slice(0, Number(url.searchParams.get('limit') ?? 3)), count: users.length });
    }
    if (this.refuseNextReaction) {
      const code = this.refuseNextReaction;
      this.refuseNextReaction = undefined;
      return problem(code === 'conflict' ? 409 : 403, code);
    }
    return json(this.react(channelId, messageId, emoji, this.user, method === 'PUT'));
  }

  private socketClass() {
    // The client constructs the socket class itself, so the class reaches this fake server by closure.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const hearth = this;
    return class extends FakeSocket {
      constructor(url: string) {
        super(url, hearth);
        hearth.sockets.add(this);
      }
    };
  }

  /**
   * Stores a thread reply as if someone posted it (a `replyTo` quotes that message of the channel or
   * of a thread), bumps its root's summary, and delivers it to subscribed sockets.
   */
  postInThread(
    channelId: string,
    rootId: string,
    content: string,
    author: User = { id: 'u_other', name: 'Other', avatarUrl: null },
    clientId: string | null = null,
    options: { replyTo?: string } = {},
  ): { message: Message; thread: ThreadUpdate } {
    const replies = this.threadReplies.get(rootId) ?? [];
    const seq = this.nextSeq(channelId);
    const message: Message = {
      replyTo: options.replyTo ? this.quote(channelId, options.replyTo) : null,
      id: `m_${++this.seqCounter}`,
      channelId,
      seq,
      author,
      content,
      createdAt: new Date(Date.UTC(2026, 0, 1, 13, 0, replies.length)).toISOString(),
      clientId,
      version: seq,
      editedAt: null,
      deleted: false,
      threadId: rootId,
      thread: null,
    };
    replies.push(message);
    this.threadReplies.set(rootId, replies);
    const summary = { replyCount: replies.length, lastReplyAt: message.createdAt, lastReplySeq: seq };
    const list = this.messages.get(channelId) ?? [];
    const rootIndex = list.findIndex((candidate) => candidate.id === rootId);
    if (rootIndex >= 0) list[rootIndex] = { ...(list[rootIndex] as Message), thread: summary };
    const thread = { rootId, ...summary };
    for (const socket of this.sockets) if (socket.subscribed.has(channelId)) socket.deliver({ type: 'message', message, thread });
    this.announceActivity(message);
    return { message, thread };
  }

  /** A socket's send into a thread: stored as a reply, acknowledged with the thread's new summary. */
  private sendInThread(socket: FakeSocket, frame: Frame): void {
    this.threadSends.push(frame);
    const channelId = String(frame.channelId);
    const clientId = String(frame.clientId);
    const rootId = String(frame.threadId);
    const root = this.messages.get(channelId)?.find((message) => message.id === rootId);
    if (!root) return socket.deliver({ type: 'error', code: 'unknown_message', message: 'no such root', ref: clientId, field: 'threadId' });
    const replyTo = typeof frame.replyTo === 'string' ? frame.replyTo : undefined;
    const { message, thread } = this.postInThread(channelId, rootId, String(frame.content), this.user, clientId, { replyTo });
    socket.deliver({ type: 'ack', clientId, message, thread });
  }

  /**
   * The routes of threads and members: a thread's replies (`GET …/messages?thread=ROOT`), one
   * message (`GET …/messages/{id}`, a thread's root), and a server's members by name prefix.
   */
  private threadsAndMembers(
    method: string,
    url: URL,
    json: (body: unknown, status?: number) => Response,
    problem: (status: number, code: string) => Response,
  ): Response | undefined {
    if (method !== 'GET') return undefined;
    let match: RegExpMatchArray | null;
    if ((match = url.pathname.match(/^\/api\/servers\/([^/]+)\/members$/))) {
      this.memberLookups.push(url.searchParams.get('prefix') ?? '');
      const prefix = (url.searchParams.get('prefix') ?? '').toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const matching = this.memberList.filter((user) => user.name.toLowerCase().startsWith(prefix));
      const page = this.membersOf(match[1] ?? '', matching);
      return json({ members: page.slice(0, limit), hasMore: matching.length > limit });
    }
    if ((match = url.pathname.match(/^\/api\/channels\/([^/]+)\/messages\/([^/]+)$/))) {
      const message = this.messages.get(match[1] ?? '')?.find((candidate) => candidate.id === match?.[2]);
      return message ? json(this.seen(message)) : problem(404, 'unknown_message');
    }
    const rootId = url.searchParams.get('thread');
    if (rootId && url.pathname.match(/^\/api\/channels\/([^/]+)\/messages$/)) {
      const replies = this.threadReplies.get(rootId) ?? [];
      const before = url.searchParams.get('before');
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const older = before === null ? replies : replies.filter((message) => message.seq < Number(before));
      return json({
        messages: older.slice(Math.max(0, older.length - limit)).map((message) => this.seen(message)),
        hasMore: older.length > limit,
      });
    }
    return undefined;
  }

  /** The user's read state in every channel of the servers they belong to, as `ready` carries it. */
  readStates(): ReadState[] {
    return this.servers
      .filter((server) => this.members.has(`${server.id}:${this.user.id}`))
      .flatMap((server) => server.channels.map((channel) => this.readState(channel.id, server.id)));
  }

  /** Where the user stands in one channel: others' main-line messages and mentions of the user past the read position. */
  readState(channelId: string, serverId = this.serverOf(channelId)?.id ?? ''): ReadState {
    const lastReadSeq = this.readPositions.get(channelId) ?? 0;
    const after = (this.messages.get(channelId) ?? []).filter((message) => message.seq > lastReadSeq && !message.deleted);
    const replies = [...this.threadReplies.values()].flat().filter((reply) => reply.channelId === channelId && reply.seq > lastReadSeq);
    return {
      channelId,
      serverId,
      lastReadSeq,
      lastSeq: this.lastSeqs.get(channelId) ?? 0,
      unread: after.filter((message) => message.author.id !== this.user.id).length,
      mentions: [...after, ...replies].filter((message) => mentionIds(message.content).includes(this.user.id)).length,
    };
  }

  /**
   * Moves the user's read position (never backwards, never past the channel's newest) and tells
   * every socket of the user, as the server does for a `read` frame or `PUT …/read`.
   */
  markRead(channelId: string, seq: number): ReadState {
    const newest = this.lastSeqs.get(channelId) ?? 0;
    this.readPositions.set(channelId, Math.max(this.readPositions.get(channelId) ?? 0, Math.min(seq, newest)));
    const state = this.readState(channelId);
    for (const socket of this.sockets) socket.deliver({ type: 'read', state });
    return state;
  }

  /** Brings a member online or takes them offline, and tells every socket (all are the members'). */
  setOnline(serverId: string, user: User, online: boolean): void {
    if (online) this.online.add(user.id);
    else this.online.delete(user.id);
    for (const socket of this.sockets) socket.deliver({ type: 'member_presence', serverId, user, online });
  }

  /** The members of a server, online first, then by name, with their roles and time-outs. */
  private membersOf(serverId: string, users: User[]) {
    return users
      .map((user) => ({
        user,
        role: this.community.roleOf(serverId, user.id) ?? 'member',
        online: this.online.has(user.id),
        mutedUntil: this.community.mutedUntil.get(`${serverId}:${user.id}`) ?? null,
      }))
      .sort((a, b) => Number(b.online) - Number(a.online));
  }

  private serverOf(channelId: string): Server | undefined {
    return this.servers.find((server) => server.channels.some((channel) => channel.id === channelId));
  }

  /** A new message, sent as `activity` to every socket of the members of its server (all of them here). */
  private announceActivity(message: Message): void {
    const server = this.serverOf(message.channelId);
    if (!server || !this.members.has(`${server.id}:${this.user.id}`)) return;
    const frame = {
      type: 'activity',
      channelId: message.channelId,
      serverId: server.id,
      seq: message.seq,
      authorId: message.author.id,
      ...(message.threadId && { threadId: message.threadId }),
      mentionIds: mentionIds(message.content),
    };
    for (const socket of this.sockets) socket.deliver(frame);
  }

  /** `PUT /api/channels/{id}/read` and `GET /api/me/read-states`. */
  private readRoutes(
    method: string,
    url: URL,
    init: RequestInit | undefined,
    json: (body: unknown, status?: number) => Response,
    problem: (status: number, code: string) => Response,
  ): Response | undefined {
    if (url.pathname === '/api/me/read-states' && method === 'GET') return json(this.readStates());
    const match = url.pathname.match(/^\/api\/channels\/([^/]+)\/read$/);
    if (!match || method !== 'PUT') return undefined;
    const channelId = match[1] ?? '';
    if (!this.messages.has(channelId)) return problem(404, 'unknown_channel');
    const { seq } = JSON.parse(init?.body as string) as { seq: number };
    return json(this.markRead(channelId, seq));
  }

  /** Handles one frame from a socket. */
  receive(socket: FakeSocket, frame: Frame): void {
    switch (frame.type) {
      case 'hello':
        return socket.deliver({ type: 'ready', user: this.user, readStates: this.readStates(), memberships: this.community.memberships() });
      case 'subscribe': {
        const channelId = String(frame.channelId);
        const list = this.messages.get(channelId);
        if (!list) return socket.deliver({ type: 'error', code: 'unknown_channel', message: 'no such channel', ref: channelId });
        socket.subscribed.add(channelId);
        const after = typeof frame.afterSeq === 'number' ? frame.afterSeq : undefined;
        const missed =
          after === undefined
            ? []
            : list
                .filter((message) => (message.version ?? message.seq) > after)
                .sort((a, b) => (a.version ?? a.seq) - (b.version ?? b.seq));
        return socket.deliver({ type: 'subscribed', channelId, missed, complete: true, lastSeq: this.lastSeqs.get(channelId) ?? 0 });
      }
      case 'unsubscribe':
        socket.subscribed.delete(String(frame.channelId));
        return socket.deliver({ type: 'unsubscribed', channelId: frame.channelId });
      case 'send': {
        if (frame.threadId) return this.sendInThread(socket, frame);
        const channelId = String(frame.channelId);
        const clientId = String(frame.clientId);
        if (this.refuseNextSend) {
          const code = this.refuseNextSend;
          this.refuseNextSend = undefined;
          return socket.deliver({ type: 'error', code, message: code, ref: clientId });
        }
        const refusal = this.community.refuseSend(channelId);
        if (refusal) return socket.deliver({ type: 'error', message: refusal.code, ref: clientId, ...refusal });
        const existing = this.messages.get(channelId)?.find((message) => message.clientId === clientId);
        const finish = () => {
          const replyTo = typeof frame.replyTo === 'string' ? frame.replyTo : undefined;
          const message = existing ?? this.post(channelId, String(frame.content), this.user, clientId, { replyTo });
          socket.deliver({ type: 'ack', clientId, message });
        };
        if (this.holdAcks) this.held.push(finish);
        else finish();
        return;
      }
      case 'read':
        this.readFrames.push(frame);
        return void this.markRead(String(frame.channelId), Number(frame.seq));
      case 'typing':
        return;
      case 'ping':
        return socket.deliver({ type: 'pong' });
    }
  }

  /** Sends a frame to every open socket. */
  broadcast(frame: Frame): void {
    for (const socket of this.sockets) socket.deliver(frame);
  }

  /** Ends the user's subscriptions to a server's channels with `unsubscribed {reason}`, as the server does when they lose it. */
  cutOff(serverId: string, reason: string): void {
    const server = this.servers.find((candidate) => candidate.id === serverId);
    for (const socket of this.sockets) {
      for (const channel of server?.channels ?? []) {
        if (socket.subscribed.delete(channel.id)) socket.deliver({ type: 'unsubscribed', channelId: channel.id, reason });
      }
    }
  }

  /** Drops every socket as a lost network would; the clients reconnect by themselves. */
  dropAll(): void {
    for (const socket of this.sockets) socket.close(1006, 'dropped');
  }

  /** Tells every socket subscribed to the channel who has it open. */
  presence(channelId: string, users: User[], count?: number): void {
    const frame = { type: 'presence' as const, channelId, users, ...(count !== undefined && { count }) };
    for (const socket of this.sockets) if (socket.subscribed.has(channelId)) socket.deliver(frame);
  }

  /** Shows a user typing in a channel on every subscribed socket. */
  typing(channelId: string, user: User): void {
    for (const socket of this.sockets) if (socket.subscribed.has(channelId)) socket.deliver({ type: 'typing', channelId, user });
  }
}

/** The user ids a message's content mentions (`<@ID>`). */
function mentionIds(content: string): string[] {
  return [...content.matchAll(/<@([A-Za-z0-9_-]+)>/g)].map((match) => match[1] ?? '');
}

/** The fake's side of one socket, shaped like a browser WebSocket. */
class FakeSocket extends EventTarget {
  readyState = 0;
  binaryType = 'blob';
  readonly subscribed = new Set<string>();

  constructor(
    readonly url: string,
    private readonly hearth: FakeHearth,
  ) {
    super();
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
  }

  send(data: string): void {
    if (this.readyState !== 1) return;
    const frame = JSON.parse(data) as Frame;
    setTimeout(() => this.hearth.receive(this, frame));
  }

  deliver(frame: unknown): void {
    if (this.readyState !== 1) return;
    setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) })));
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('close'), { code, reason, wasClean: true })));
  }
}
