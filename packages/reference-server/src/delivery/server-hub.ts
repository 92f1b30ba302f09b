import type { ChannelEvent } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';
import type { Fanout, FanoutSubscription } from '../fanout/types.js';
import { encodeFrame } from './encode-frame.js';
import { ServerPresence } from './server-presence.js';
import { serverTopic } from './topics.js';

/** A new message, as the members of its server hear of it. */
export type ActivityEvent = Extract<ChannelEvent, { kind: 'activity' }>;

/** A connection of a member, as the server hub sees it. */
export interface ServerFollower {
  /** A new message in a channel of the server; `frame` is its `activity` frame, encoded once for all. */
  activity(event: ActivityEvent, frame: string): void;
  /** A `member_presence` frame of the server. */
  memberPresence(frame: string): void;
  /** The server's new state: `frame` is its `server_update` frame. */
  serverUpdate(frame: string): void;
  /** A member's place changed: `frame` is the `member_update` frame about `userId`. */
  memberUpdate(userId: string, frame: string): void;
}

interface FollowedServer {
  followers: Set<ServerFollower>;
  /** The followers that asked for every `member_presence`, however many members are online. */
  watchers: Set<ServerFollower>;
  presence: ServerPresence;
  subscription: FanoutSubscription;
  /** Resolves once this process hears the server's events from every process. */
  ready: Promise<void>;
  /** Kept open without followers until then, for the members list asked over REST. */
  lingerUntil: number;
}

/** Options of a {@link ServerHub}. */
export interface ServerHubOptions {
  /** This process among those sharing the fan-out. */
  process: string;
  /** How often this process says again who is online through it; others' word stands three times as long. */
  presenceIntervalMs: number;
  /**
   * Above this many members online, a server's `member_presence` goes only to the followers that
   * watch its members (see {@link ServerHub.watchMembers}); {@link LARGE_SERVER_ONLINE} by default.
   */
  largeServerOnline?: number;
}

/**
 * How many members may be online in a server whose every follower hears each one come and go.
 * Past it, telling everyone costs the square of the members online (10,000 members coming back
 * after a restart would be a hundred million frames): only the sockets showing its members list hear.
 */
export const LARGE_SERVER_ONLINE = 250;

/** How long a REST request that opened a server waits for the other processes to say who is online. */
const ANSWER_WAIT_MS = 150;
/** How long a server opened for a REST request stays followed, so the next request answers at once. */
const LINGER_MS = 60_000;

/**
 * Follows servers for the connections of their members in this process: one fan-out subscription
 * per server, however many sockets. Each new message's `activity` is encoded once and written to
 * every member's socket, subscribed to the channel or not; who is online in each server is kept
 * across processes (see {@link ServerPresence}) and each change is sent as `member_presence`: to
 * every follower while at most {@link LARGE_SERVER_ONLINE} members are online, and past that only
 * to the followers that watch the server's members (the sockets showing its members list).
 */
export class ServerHub {
  private readonly servers = new Map<string, FollowedServer>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly largeServerOnline: number;

  constructor(
    private readonly fanout: Fanout,
    private readonly options: ServerHubOptions,
  ) {
    this.heartbeat = setInterval(() => {
      const now = Date.now();
      for (const [serverId, server] of this.servers) {
        if (server.followers.size === 0 && server.lingerUntil < now) this.closeServer(serverId, server);
        else server.presence.refresh(false);
      }
    }, options.presenceIntervalMs);
    this.heartbeat.unref();
    this.largeServerOnline = options.largeServerOnline ?? LARGE_SERVER_ONLINE;
  }

  /** Tells every member's socket, in every process, of a new message in a channel of the server. */
  publishActivity(event: ActivityEvent): void {
    this.fanout.publish(serverTopic(event.serverId), event);
  }

  /** Starts handing `follower` the server's events; resolves once they come from every process. */
  follow(serverId: string, follower: ServerFollower): Promise<void> {
    const server = this.servers.get(serverId) ?? this.open(serverId);
    server.followers.add(follower);
    return server.ready;
  }

  /**
   * Hands `follower`, which follows the server, every `member_presence` of it, however many members
   * are online; until {@link unwatchMembers} or it stops following.
   */
  watchMembers(serverId: string, follower: ServerFollower): void {
    const server = this.servers.get(serverId);
    if (server?.followers.has(follower)) server.watchers.add(follower);
  }

  /** Hands `follower` the server's `member_presence` only while few members are online, as any follower. */
  unwatchMembers(serverId: string, follower: ServerFollower): void {
    this.servers.get(serverId)?.watchers.delete(follower);
  }

  /** Stops handing `follower` the server's events. */
  unfollow(serverId: string, follower: ServerFollower): void {
    const server = this.servers.get(serverId);
    if (!server?.followers.delete(follower)) return;
    server.watchers.delete(follower);
    if (server.followers.size === 0 && server.lingerUntil < Date.now()) this.closeServer(serverId, server);
  }

  /** A socket of `user` subscribed to a first channel of the server. */
  online(serverId: string, user: User): void {
    this.servers.get(serverId)?.presence.add(user);
  }

  /** A socket of the user left its last channel of the server. */
  offline(serverId: string, userId: string): void {
    this.servers.get(serverId)?.presence.remove(userId);
  }

  /**
   * The ids of the members online in the server on any process. A server no socket here follows is
   * followed for a while from now on; the first time, the other processes are given a moment to
   * answer who is online through them.
   */
  async onlineIn(serverId: string): Promise<string[]> {
    let server = this.servers.get(serverId);
    const opened = !server;
    server ??= this.open(serverId);
    server.lingerUntil = Math.max(server.lingerUntil, Date.now() + LINGER_MS);
    await server.ready;
    if (opened) await new Promise((resolve) => setTimeout(resolve, ANSWER_WAIT_MS));
    return server.presence.onlineIds();
  }

  /** Stops following every server. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const [serverId, server] of this.servers) this.closeServer(serverId, server);
  }

  private open(serverId: string): FollowedServer {
    const followers = new Set<ServerFollower>();
    const watchers = new Set<ServerFollower>();
    const presence: ServerPresence = new ServerPresence(serverId, {
      process: this.options.process,
      announce: (event) => this.fanout.publish(serverTopic(serverId), event),
      changed: (user, online) => {
        const told = presence.onlineCount > this.largeServerOnline ? watchers : followers;
        if (told.size === 0) return;
        const frame = encodeFrame({ type: 'member_presence', serverId, user, online });
        for (const follower of told) follower.memberPresence(frame);
      },
      expiryMs: this.options.presenceIntervalMs * 3,
    });
    const subscription = this.fanout.subscribe(serverTopic(serverId), {
      event: (event) => {
        if (event.kind === 'online') return presence.receive(event);
        if (event.kind === 'server') {
          const frame = encodeFrame({ type: 'server_update', server: event.server });
          for (const follower of followers) follower.serverUpdate(frame);
          return;
        }
        if (event.kind === 'member') {
          const frame = encodeFrame({ type: 'member_update', serverId, ...event.change });
          for (const follower of followers) follower.memberUpdate(event.change.user.id, frame);
          return;
        }
        if (event.kind !== 'activity') return;
        const { channelId, seq, authorId, threadId, mentionIds } = event;
        const frame = encodeFrame({ type: 'activity', channelId, serverId, seq, authorId, ...(threadId && { threadId }), mentionIds });
        for (const follower of followers) follower.activity(event, frame);
      },
      resync: () => presence.refresh(true),
    });
    const ready = subscription.active.then(() => {
      if (this.servers.get(serverId) === server) presence.refresh(true);
    });
    const server: FollowedServer = { followers, watchers, presence, subscription, ready, lingerUntil: 0 };
    this.servers.set(serverId, server);
    ready.catch(() => {
      if (this.servers.get(serverId) === server) this.closeServer(serverId, server);
    });
    return server;
  }

  private closeServer(serverId: string, server: FollowedServer): void {
    server.presence.leave();
    server.subscription.unsubscribe();
    this.servers.delete(serverId);
  }
}
