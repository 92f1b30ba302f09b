import type { User } from '../domain/types.js';
import type { ChannelEvent } from '../fanout/types.js';

type HereEvent = Extract<ChannelEvent, { kind: 'here' }>;

/** What a {@link ChannelPresence} needs from its hub. */
export interface PresenceLinks {
  /** This process's name among the processes sharing the fan-out. */
  process: string;
  /** Tells the other processes who is here through this one. */
  announce(event: HereEvent): void;
  /** Hands the channel's `presence` frame to its sessions in this process. */
  broadcast(users: readonly User[], frame: string): void;
  /** How long another process's word stands without being said again. */
  expiryMs: number;
}

/**
 * Who has one channel open, across processes. Each process counts its own sessions per user and
 * announces the users it has through the fan-out: when they change, when asked, and again on the
 * hub's heartbeat. What another process announced stands until it says otherwise or falls silent
 * for `expiryMs` (a process killed outright says nothing). Sessions hear the union, once per change.
 */
export class ChannelPresence {
  private readonly local = new Map<string, { user: User; sessions: number }>();
  private readonly remote = new Map<string, { users: User[]; until: number }>();
  private frame = '';
  private users: readonly User[] = [];

  constructor(
    private readonly channelId: string,
    private readonly links: PresenceLinks,
  ) {}

  /** The `presence` frame as it stands. */
  get current(): { users: readonly User[]; frame: string } {
    if (!this.frame) this.recompute(false);
    return { users: this.users, frame: this.frame };
  }

  /** A session of `user` opened the channel here. */
  add(user: User): void {
    const entry = this.local.get(user.id);
    if (entry) {
      entry.sessions++;
      return;
    }
    this.local.set(user.id, { user, sessions: 1 });
    this.announce(false);
    this.recompute(true);
  }

  /** A session of the user left the channel here. */
  remove(userId: string): void {
    const entry = this.local.get(userId);
    if (!entry || --entry.sessions > 0) return;
    this.local.delete(userId);
    this.announce(false);
    this.recompute(true);
  }

  /** Another process said who is here through it (or asked everyone to say so). */
  receive(event: HereEvent): void {
    if (event.process === this.links.process) return;
    if (event.users.length === 0) this.remote.delete(event.process);
    else this.remote.set(event.process, { users: event.users, until: Date.now() + this.links.expiryMs });
    if (event.ask) this.announce(false);
    this.recompute(true);
  }

  /**
   * Says again who is here, asking the others to do the same when `ask` (after joining the
   * channel, or after the fan-out may have lost words), and forgets the processes fallen silent.
   */
  refresh(ask: boolean): void {
    this.announce(ask);
    const now = Date.now();
    for (const [process, entry] of this.remote) if (entry.until < now) this.remote.delete(process);
    this.recompute(true);
  }

  /** Says that nobody is here through this process any more (the channel is closing here). */
  leave(): void {
    this.local.clear();
    this.announce(false);
  }

  private announce(ask: boolean): void {
    const users = [...this.local.values()].map((entry) => entry.user);
    this.links.announce({ kind: 'here', channelId: this.channelId, process: this.links.process, users, ask });
  }

  private recompute(broadcast: boolean): void {
    const byId = new Map<string, User>();
    for (const { user } of this.local.values()) byId.set(user.id, user);
    for (const { users } of this.remote.values()) for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
    const users = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const frame = JSON.stringify({ type: 'presence', channelId: this.channelId, users });
    if (frame === this.frame) return;
    this.frame = frame;
    this.users = users;
    if (broadcast) this.links.broadcast(users, frame);
  }
}
