import { ChatError, ErrorCode } from './chat-error.js';

/** Past this many reservations, the expired ones are swept away. */
const SWEEP_AT = 1000;

/**
 * A channel's slow mode for one process: a member's next message waits `seconds` after their last
 * one. The last post comes from storage (so every process agrees, and a restart forgets nothing);
 * a reservation taken here, in the same turn of the event loop as the check, keeps two sends of one
 * user that arrive at the same instant from both passing before either is stored.
 */
export class SlowMode {
  /** By channel and user: until when their next message waits. */
  private readonly reservations = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes the user's turn in the channel, or refuses with `rate_limited` and `retryAfterMs`, the
   * time left. `lastPostAt` is their last stored message in the channel, if any.
   */
  take(channelId: string, userId: string, seconds: number, lastPostAt: string | null): void {
    const now = this.now();
    const key = keyOf(channelId, userId);
    const stored = lastPostAt === null ? Number.NEGATIVE_INFINITY : Date.parse(lastPostAt) + seconds * 1000;
    const waitUntil = Math.max(stored, this.reservations.get(key) ?? Number.NEGATIVE_INFINITY);
    if (waitUntil > now) {
      throw new ChatError(ErrorCode.rateLimited, `slow mode: wait ${seconds} s between messages in this channel`, {
        retryAfterMs: Math.ceil(waitUntil - now),
      });
    }
    if (this.reservations.size >= SWEEP_AT) this.sweep(now);
    this.reservations.set(key, now + seconds * 1000);
  }

  /** Hands back the user's turn: the message it was taken for was not stored. */
  release(channelId: string, userId: string): void {
    this.reservations.delete(keyOf(channelId, userId));
  }

  private sweep(now: number): void {
    for (const [key, until] of this.reservations) if (until <= now) this.reservations.delete(key);
  }
}

const keyOf = (channelId: string, userId: string) => `${channelId}\u0000${userId}`;
