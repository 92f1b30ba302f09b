import { ChatError, ErrorCode } from '../services/chat-error.js';
import type { WindowCount, WindowCounter } from '../rate-limit/window-counter.js';

/** How much one user may post, change and recover in a window of time. */
export interface UserLimitOptions {
  /** Messages and changes (edits, deletes, reactions) one user may make per window, over all their sockets and REST. */
  userMessages: { limit: number; windowMs: number };
  /** Most missed messages one recovery hands back: what it holds of the recovery budget until it knows. */
  missedLimit: number;
  /** Missed messages `subscribe {afterSeq}` may hand one socket, and one user, per window. */
  recovery: { perSocket: number; perUser: number; windowMs: number };
}

/**
 * The per-user budgets of the delivery core, so that REST and every socket of a user draw on
 * the same ones: a user on twenty sockets posts and edits no faster than on one, and recovery cannot be
 * asked for again and again to make the server read and send its history without end. Counted
 * in a {@link WindowCounter}: shared by every process when it lives in Redis.
 */
export class UserLimits {
  constructor(
    private readonly counter: WindowCounter,
    private readonly options: UserLimitOptions,
  ) {}

  /**
   * Counts a post, edit, delete or reaction of `userId` in one budget; throws `rate_limited` with
   * `retryAfterMs` past it.
   */
  async admitWrite(userId: string): Promise<void> {
    const { limit, windowMs } = this.options.userMessages;
    const { count, resetMs } = await this.counter.add(`post:${userId}`, 1, windowMs);
    if (count > limit) {
      throw new ChatError(ErrorCode.rateLimited, `too many messages and changes: at most ${limit} every ${windowMs} ms per user`, {
        retryAfterMs: Math.max(1, resetMs),
      });
    }
  }

  /** The recovery budget of one new connection of `userId`. */
  recoveryOf(userId: string): RecoveryBudget {
    return new RecoveryBudget(userId, this.counter, this.options.recovery, this.options.missedLimit);
  }
}

/**
 * What one connection may still recover: a recovery is let in while neither the connection nor
 * its user has spent the budget of the window. It holds the most it may hand back from the moment
 * it is let in, so recoveries asked for at once cannot all pass before any is counted, and gives
 * back what it did not hand back once it knows.
 */
export class RecoveryBudget {
  /**
   * The socket's own count: one window in fields of its own, since the socket lives in this process
   * and a counter (a map with its closures) per socket would cost each idle one its memory.
   */
  private ownCount = 0;
  private ownEndsAt = 0;

  constructor(
    private readonly userId: string,
    private readonly shared: WindowCounter,
    private readonly options: UserLimitOptions['recovery'],
    private readonly reserved: number,
  ) {}

  /**
   * Lets a recovery in, holding the most it may hand back. Resolves with `settle`, to be called
   * once with how many missed messages it read (0 when it read none), which gives back the rest;
   * later calls do nothing. Throws `rate_limited` with `retryAfterMs` when this
   * connection or its user spent the budget.
   */
  async admit(): Promise<(read: number) => Promise<void>> {
    const { perSocket, perUser } = this.options;
    const [mine, users] = await this.add(this.reserved);
    // The budget is spent when what was counted before this recovery's hold reached it.
    const spent = [mine.count - this.reserved >= perSocket && mine.resetMs, users.count - this.reserved >= perUser && users.resetMs].filter(
      (wait): wait is number => wait !== false,
    );
    if (spent.length > 0) {
      await this.add(-this.reserved);
      throw new ChatError(ErrorCode.rateLimited, 'too many missed messages asked for; recover again later', {
        retryAfterMs: Math.max(1, ...spent),
      });
    }
    let settled = false;
    return async (read) => {
      if (settled) return;
      settled = true;
      const unused = this.reserved - Math.min(read, this.reserved);
      if (unused > 0) await this.add(-unused);
    };
  }

  private async add(cost: number): Promise<[WindowCount, WindowCount]> {
    const { windowMs } = this.options;
    const own = this.addOwn(cost, windowMs);
    return [own, await this.shared.add(this.key(), cost, windowMs)];
  }

  private addOwn(cost: number, windowMs: number): WindowCount {
    const at = Date.now();
    if (this.ownEndsAt <= at) {
      this.ownCount = 0;
      this.ownEndsAt = at + windowMs;
    }
    this.ownCount += cost;
    return { count: this.ownCount, resetMs: this.ownEndsAt - at };
  }

  private key(): string {
    return `recovery:${this.userId}`;
  }
}
