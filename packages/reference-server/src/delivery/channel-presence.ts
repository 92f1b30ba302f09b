import type { ChannelEvent } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';
import { encodeFrame } from './encode-frame.js';

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
 * Changes within this long go out as one: a thousand sockets coming back after a deploy make a
 * few presence frames, not a thousand lists of a thousand users each.
 */
const SETTLE_MS = 50;

/**
 * Who has one channel open, across processes. Each process counts its own sessions per user and
 * announces the users it has through the fan-out: when they change, when asked, and again on the
 * hub's heartbeat. What another process announced stands until it says otherwise or falls silent
 * for `expiryMs` (a process killed outright says nothing). Sessions hear the union when it changes.
 */
export class ChannelPresence {
  private readonly local = new Map<string, { user: User; sessions: number }>();
  private readonly remote = new Map<string, { users: User[]; until: number }>();
  private sent = '';
  private known: { users: readonly User[]; frame: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** This process's users changed, or another process asked: they are to be announced. */
  private localChanged = false;
  /** The next announcement asks the other processes to announce theirs. */
  private ask = false;

  constructor(
    private readonly channelId: string,
    private readonly links: PresenceLinks,
  ) {}

  /** The channel's users as this process knows them now, and their `presence` frame. */
  get current(): { users: readonly User[]; frame: string } {
    // Every joining session asks for it: worked out once per change, not once per join.
    this.known ??= this.union();
    return this.known;
  }

  private union(): { users: readonly User[]; frame: string } {
    const byId = new Map<string, User>();
    for (const { user } of this.local.values()) byId.set(user.id, user);
    for (const { users } of this.remote.values()) for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
    const users = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { users, frame: encodeFrame({ type: 'presence', channelId: this.channelId, users }) };
  }

  /** A session of `user` opened the channel here. */
  add(user: User): void {
    const entry = this.local.get(user.id);
    if (entry) {
      entry.sessions++;
      return;
    }
    this.local.set(user.id, { user, sessions: 1 });
    this.known = undefined;
    this.localChanged = true;
    this.schedule();
  }

  /** A session of the user left the channel here. */
  remove(userId: string): void {
    const entry = this.local.get(userId);
    if (!entry || --entry.sessions > 0) return;
    this.local.delete(userId);
    this.known = undefined;
    this.localChanged = true;
    this.schedule();
  }

  /** Another process said who is here through it (or asked everyone to say so). */
  receive(event: HereEvent): void {
    if (event.process === this.links.process) return;
    if (event.users.length === 0) this.remote.delete(event.process);
    else this.remote.set(event.process, { users: event.users, until: Date.now() + this.links.expiryMs });
    this.known = undefined;
    // Answered with a plain announcement, never another question, so two processes cannot loop.
    if (event.ask) this.localChanged = true;
    this.schedule();
  }

  /**
   * Says again who is here, asking the others to do the same when `ask` (after joining the
   * channel, or after the fan-out may have lost words), and forgets the processes fallen silent.
   */
  refresh(ask: boolean): void {
    const now = Date.now();
    for (const [process, entry] of this.remote) if (entry.until < now) this.remote.delete(process);
    this.known = undefined;
    this.localChanged = true;
    this.ask ||= ask;
    this.schedule();
  }

  /** Says at once that nobody is here through this process any more (the channel closes here). */
  leave(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.local.clear();
    this.known = undefined;
    this.links.announce({ kind: 'here', channelId: this.channelId, process: this.links.process, users: [], ask: false });
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
      this.links.announce({ kind: 'here', channelId: this.channelId, process: this.links.process, users, ask: this.ask });
      this.localChanged = false;
      this.ask = false;
    }
    const { users, frame } = this.current;
    if (frame === this.sent) return;
    this.sent = frame;
    this.links.broadcast(users, frame);
  }
}
