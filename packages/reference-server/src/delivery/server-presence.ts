import type { ChannelEvent } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';

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

/** Changes within this long go out as one, as for a channel's presence. */
const SETTLE_MS = 50;

/**
 * Who is online in one server, across processes: a member with a socket subscribed to any of the
 * server's channels. Works as a channel's presence does (see channel-presence.ts): each process
 * counts its own sockets per member and announces its list when it changes, when asked and on the
 * hub's heartbeat; another process's list stands until it says otherwise or falls silent for
 * `expiryMs` (a killed process says nothing). Sockets hear each member who came or went, once.
 */
export class ServerPresence {
  private readonly local = new Map<string, { user: User; sockets: number }>();
  private readonly remote = new Map<string, { users: User[]; until: number }>();
  /** The members online as the sockets were last told. */
  private shown = new Map<string, User>();
  private timer: NodeJS.Timeout | undefined;
  private localChanged = false;
  private ask = false;
  /** The last word this process gave named someone. */
  private announced = false;

  constructor(
    private readonly serverId: string,
    private readonly links: ServerPresenceLinks,
  ) {}

  /** The ids of the members online now, as this process knows them. */
  onlineIds(): string[] {
    return [...this.union().keys()];
  }

  /** A socket of `user` subscribed to a first channel of the server here. */
  add(user: User): void {
    const entry = this.local.get(user.id);
    if (entry) {
      entry.sockets++;
      return;
    }
    this.local.set(user.id, { user, sockets: 1 });
    this.localChanged = true;
    this.schedule();
  }

  /** A socket of the user left its last channel of the server here. */
  remove(userId: string): void {
    const entry = this.local.get(userId);
    if (!entry || --entry.sockets > 0) return;
    this.local.delete(userId);
    this.localChanged = true;
    this.schedule();
  }

  /** Another process said who is online through it (or asked everyone to say so). */
  receive(event: OnlineEvent): void {
    if (event.process === this.links.process) return;
    if (event.users.length === 0) this.remote.delete(event.process);
    else this.remote.set(event.process, { users: event.users, until: Date.now() + this.links.expiryMs });
    if (event.ask) this.localChanged = true;
    this.schedule();
  }

  /** Says again who is online here (asking the others when `ask`), and forgets the processes fallen silent. */
  refresh(ask: boolean): void {
    const now = Date.now();
    for (const [process, entry] of this.remote) if (entry.until < now) this.remote.delete(process);
    this.localChanged = true;
    this.ask ||= ask;
    this.schedule();
  }

  /** Says at once that nobody is online through this process any more (the server closes here). */
  leave(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.local.clear();
    if (this.announced)
      this.links.announce({ kind: 'online', serverId: this.serverId, process: this.links.process, users: [], ask: false });
    this.announced = false;
  }

  private union(): Map<string, User> {
    const byId = new Map<string, User>();
    for (const { user } of this.local.values()) byId.set(user.id, user);
    for (const { users } of this.remote.values()) for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
    return byId;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), SETTLE_MS);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    if (this.localChanged) {
      const users = [...this.local.values()].map((entry) => entry.user);
      // A process follows every server of its users' sockets, most with nobody online through it:
      // "nobody" is said once (when it stops being true), not on every heartbeat.
      if (users.length > 0 || this.ask || this.announced) {
        this.links.announce({ kind: 'online', serverId: this.serverId, process: this.links.process, users, ask: this.ask });
      }
      this.announced = users.length > 0;
      this.localChanged = false;
      this.ask = false;
    }
    const now = this.union();
    for (const [id, user] of now) if (!this.shown.has(id)) this.links.changed(user, true);
    for (const [id, user] of this.shown) if (!now.has(id)) this.links.changed(user, false);
    this.shown = now;
  }
}
