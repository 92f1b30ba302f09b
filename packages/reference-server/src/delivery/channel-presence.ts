import { MAX_PRESENCE_USERS } from '@hearth/sdk/protocol';
import type { ChannelEvent } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';
import { encodeFrame } from './encode-frame.js';
import { ProcessPresence, SETTLE_MS } from './process-presence.js';

/**
 * How much longer a channel's changes gather per user present. Each change goes to every
 * subscriber: changes arriving one by one in a busy channel would send as many frames as there are
 * subscribers per change. Waiting in proportion to the size keeps a channel's presence at about
 * 50 frames a second (of at most {@link MAX_PRESENCE_USERS} names each) however busy it is: a
 * thousand sockets coming and going in a channel of a thousand see its count every 20 s.
 */
const SETTLE_MS_PER_USER = 20;
/** The longest a change waits, however large the channel: 3,000 users reach it. */
const MAX_SETTLE_MS = 60_000;

type HereEvent = Extract<ChannelEvent, { kind: 'here' }>;

/** What a {@link ChannelPresence} needs from its hub. */
export interface PresenceLinks {
  /** This process's name among the processes sharing the fan-out. */
  process: string;
  /** Tells the other processes who is here through this one. */
  announce(event: HereEvent): void;
  /** Hands the channel's `presence` frame to its sessions in this process. */
  broadcast(presence: PresenceList, frame: string, version: number): void;
  /** How long another process's word stands without being said again. */
  expiryMs: number;
}

/** Who has a channel open: how many, and the users named of them. */
export interface PresenceList {
  /** At most {@link MAX_PRESENCE_USERS}: the first to come, sorted by name. */
  users: User[];
  /** Every user present, on any process. */
  count: number;
}

/**
 * Who has one channel open, across processes (see {@link ProcessPresence}): a user with a session
 * subscribed to it. Sessions hear how many, and the first {@link MAX_PRESENCE_USERS} by name, when
 * it changes: within 50 ms in a channel of up to two users, and after longer the more users it has
 * (20 ms each, at most 60 s). A session that joins hears it at once.
 */
export class ChannelPresence extends ProcessPresence {
  /** The frame last handed to every session. */
  private sent = '';
  private known: { presence: PresenceList; frame: string; version: number } | undefined;
  /** Counts the frames that differed from the one before, so a session can tell a frame it has by number. */
  private version = 0;
  /** The latest frame worked out: its version is {@link version}. */
  private latest = '';
  /** The first users to come, as last named, and the same sorted by name: sorted again only when they change. */
  private first: readonly User[] = [];
  private named: User[] = [];

  constructor(
    private readonly channelId: string,
    private readonly links: PresenceLinks,
  ) {
    super(links.process, links.expiryMs);
  }

  /**
   * Who has the channel open as this process knows it now, its `presence` frame, and the frame's
   * version: the same for the same frame, so sessions keep a number rather than the frame itself.
   */
  get current(): { presence: PresenceList; frame: string; version: number } {
    // Every joining session asks for it: worked out once per change, not once per join, and from
    // the first users alone, so a join costs the same in a channel of ten or of ten thousand.
    if (!this.known) {
      const first = this.earliest(MAX_PRESENCE_USERS);
      if (!sameUsers(first, this.first)) {
        this.first = first;
        this.named = [...first].sort(byName);
      }
      const presence = { users: this.named, count: this.distinctCount() };
      const frame = encodeFrame({ type: 'presence', channelId: this.channelId, ...presence });
      if (frame !== this.latest) {
        this.latest = frame;
        this.version++;
      }
      this.known = { presence, frame: this.latest, version: this.version };
    }
    return this.known;
  }

  protected override announce(users: User[], ask: boolean): void {
    this.links.announce({ kind: 'here', channelId: this.channelId, process: this.process, users, ask });
  }

  protected override settleMs(): number {
    return Math.min(MAX_SETTLE_MS, Math.max(SETTLE_MS, this.presentCount() * SETTLE_MS_PER_USER));
  }

  protected override unionChanged(): void {
    this.known = undefined;
  }

  protected override settled(): void {
    const { presence, frame, version } = this.current;
    if (frame === this.sent) return;
    this.sent = frame;
    this.links.broadcast(presence, frame, version);
  }
}

function byName(a: User, b: User): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function sameUsers(a: readonly User[], b: readonly User[]): boolean {
  return a.length === b.length && a.every((user, index) => user === b[index]);
}
