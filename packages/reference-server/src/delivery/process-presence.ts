import type { User } from '../domain/types.js';

/** What one process said of who is present through it. */
export interface PresenceWord {
  process: string;
  users: User[];
  /** The sender asks every other process to say its own. */
  ask: boolean;
}

/**
 * Changes within this long go out as one: a thousand sockets coming back after a deploy make a
 * few announcements and frames, not a thousand. A subclass may wait longer (see {@link ProcessPresence.settleMs}).
 */
export const SETTLE_MS = 50;

/**
 * Who is present somewhere (a channel, a server), across processes. Each process counts its own
 * sockets per user and announces the users it has through the fan-out: when they change, when
 * asked, and again on the hub's heartbeat. What another process announced stands until it says
 * otherwise or falls silent for `expiryMs` (a process killed outright says nothing). Subclasses
 * say how an announcement is made and what the sockets hear once the union settles.
 */
export abstract class ProcessPresence {
  private readonly local = new Map<string, { user: User; sockets: number }>();
  private readonly remote = new Map<string, { users: User[]; until: number }>();
  private timer: NodeJS.Timeout | undefined;
  /** This process's users changed, or another process asked: they are to be announced. */
  private localChanged = false;
  /** The next announcement asks the other processes to announce theirs. */
  private ask = false;

  constructor(
    /** This process's name among the processes sharing the fan-out. */
    protected readonly process: string,
    private readonly expiryMs: number,
  ) {}

  /** A socket of `user` became present here. */
  add(user: User): void {
    const entry = this.local.get(user.id);
    if (entry) {
      entry.sockets++;
      return;
    }
    this.local.set(user.id, { user, sockets: 1 });
    this.localChanged = true;
    this.unionChanged();
    this.schedule();
  }

  /** A socket of the user stopped being present here. */
  remove(userId: string): void {
    const entry = this.local.get(userId);
    if (!entry || --entry.sockets > 0) return;
    this.local.delete(userId);
    this.localChanged = true;
    this.unionChanged();
    this.schedule();
  }

  /** Another process said who is present through it (or asked everyone to say so). */
  receive(word: PresenceWord): void {
    if (word.process === this.process) return;
    if (word.users.length === 0) this.remote.delete(word.process);
    else this.remote.set(word.process, { users: word.users, until: Date.now() + this.expiryMs });
    this.unionChanged();
    // Answered with a plain announcement, never another question, so two processes cannot loop.
    if (word.ask) this.localChanged = true;
    this.schedule();
  }

  /**
   * Says again who is present here, asking the others to do the same when `ask` (after joining,
   * or after the fan-out may have lost words), and forgets the processes fallen silent.
   */
  refresh(ask: boolean): void {
    const now = Date.now();
    for (const [process, entry] of this.remote) if (entry.until < now) this.remote.delete(process);
    this.unionChanged();
    this.localChanged = true;
    this.ask ||= ask;
    this.schedule();
  }

  /** Says at once that nobody is present through this process any more (it stops following here). */
  leave(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.local.clear();
    this.unionChanged();
    this.announce([], false);
  }

  /** Everyone present, on any process, by id: this process's users first. */
  protected union(): Map<string, User> {
    const byId = new Map<string, User>();
    for (const { user } of this.local.values()) byId.set(user.id, user);
    for (const { users } of this.remote.values()) for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
    return byId;
  }

  /**
   * The first `limit` users present: this process's in the order they came, then each other
   * process's in the order it announced them. A newcomer past the limit leaves it as it was.
   */
  protected earliest(limit: number): User[] {
    const listed = new Map<string, User>();
    for (const { user } of this.local.values()) {
      if (listed.size >= limit) break;
      listed.set(user.id, user);
    }
    for (const { users } of this.remote.values()) {
      for (const user of users) {
        if (listed.size >= limit) return [...listed.values()];
        if (!listed.has(user.id)) listed.set(user.id, user);
      }
    }
    return [...listed.values()];
  }

  /** How many distinct users are present, on any process; without building the union when this process alone speaks. */
  protected distinctCount(): number {
    if (this.remote.size === 0) return this.local.size;
    const ids = new Set(this.local.keys());
    for (const { users } of this.remote.values()) for (const user of users) ids.add(user.id);
    return ids.size;
  }

  /** Tells the other processes who is present through this one. */
  protected abstract announce(users: User[], ask: boolean): void;

  /** The changes of the last moments have settled: the sockets here hear what they changed. */
  protected abstract settled(): void;

  /** Who is present may have changed (a cached answer is stale). */
  protected unionChanged(): void {}

  /** How long changes gather before they go out. */
  protected settleMs(): number {
    return SETTLE_MS;
  }

  /** How many users are present, on any process, counted without building the union. */
  protected presentCount(): number {
    let count = this.local.size;
    for (const { users } of this.remote.values()) count += users.length;
    return count;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.settleMs());
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    if (this.localChanged) {
      this.announce(
        [...this.local.values()].map((entry) => entry.user),
        this.ask,
      );
      this.localChanged = false;
      this.ask = false;
    }
    this.settled();
  }
}
