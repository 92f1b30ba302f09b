import type { ChannelEvent } from '../domain/channel-event.js';
import type { User } from '../domain/types.js';
import { encodeFrame } from './encode-frame.js';
import { ProcessPresence, SETTLE_MS } from './process-presence.js';

/**
 * How much longer a channel's changes gather per user present. Each change sends the whole list
 * (its size grows with the users) to every subscriber (their number too): in a busy channel,
 * changes arriving one by one would cost the square of its size each time. Waiting in proportion
 * to the size keeps the bytes a channel's presence sends per second growing only linearly with it.
 */
const SETTLE_MS_PER_USER = 5;
/** The longest a change waits, however large the channel. */
const MAX_SETTLE_MS = 5000;

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
 * Who has one channel open, across processes (see {@link ProcessPresence}): a user with a session
 * subscribed to it. Sessions hear the whole list, by name, when it changes: within 50 ms in a channel
 * of up to ten users, and after longer the more users it has (5 ms each, at most 5 s).
 */
export class ChannelPresence extends ProcessPresence {
  private sent = '';
  private known: { users: readonly User[]; frame: string } | undefined;

  constructor(
    private readonly channelId: string,
    private readonly links: PresenceLinks,
  ) {
    super(links.process, links.expiryMs);
  }

  /** The channel's users as this process knows them now, and their `presence` frame. */
  get current(): { users: readonly User[]; frame: string } {
    // Every joining session asks for it: worked out once per change, not once per join.
    if (!this.known) {
      const users = [...this.union().values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      this.known = { users, frame: encodeFrame({ type: 'presence', channelId: this.channelId, users }) };
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
    const { users, frame } = this.current;
    if (frame === this.sent) return;
    this.sent = frame;
    this.links.broadcast(users, frame);
  }
}
