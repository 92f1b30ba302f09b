import type { ChannelEvent } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';
import { ProcessPresence } from './process-presence.js';

type OnlineEvent = Extract<ChannelEvent, { kind: 'online' }>;

/** What a {@link ServerPresence} needs from its hub. */
export interface ServerPresenceLinks {
  /** This process's name among the processes sharing the fan-out. */
  process: string;
  /** Tells the other processes who is online in the server through this one. */
  announce(event: OnlineEvent): void;
  /** Hands the members who came online or went offline to the server's sockets in this process. */
  changed(user: User, online: boolean): void;
  /** How long another process's word stands without being said again. */
  expiryMs: number;
}

/**
 * Who is online in one server, across processes (see {@link ProcessPresence}): a member with a
 * socket subscribed to any of the server's channels. Sockets hear each member who came or went, once.
 */
export class ServerPresence extends ProcessPresence {
  /** The members online as the sockets were last told. */
  private shown = new Map<string, User>();
  /** The last word this process gave named someone. */
  private announced = false;

  constructor(
    private readonly serverId: string,
    private readonly links: ServerPresenceLinks,
  ) {
    super(links.process, links.expiryMs);
  }

  /** The ids of the members online now, as this process knows them. */
  onlineIds(): string[] {
    return [...this.union().keys()];
  }

  protected override announce(users: User[], ask: boolean): void {
    // A process follows every server of its users' sockets, most with nobody online through it:
    // "nobody" is said once (when it stops being true), not on every heartbeat.
    if (users.length > 0 || ask || this.announced) {
      this.links.announce({ kind: 'online', serverId: this.serverId, process: this.process, users, ask });
    }
    this.announced = users.length > 0;
  }

  /** How many members are online, as the sockets were last told. */
  get onlineCount(): number {
    return this.shown.size;
  }

  protected override settled(): void {
    const before = this.shown;
    const now = this.union();
    this.shown = now;
    for (const [id, user] of now) if (!before.has(id)) this.links.changed(user, true);
    for (const [id, user] of before) if (!now.has(id)) this.links.changed(user, false);
  }
}
