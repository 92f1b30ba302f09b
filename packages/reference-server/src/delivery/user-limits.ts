import { ChatError, ErrorCode } from '../services/chat-error.js';
import { type WindowCounter, createLocalWindowCounter } from '../rate-limit/window-counter.js';

/** How much one user may post and recover in a window of time. */
export interface UserLimitOptions {
  /** Messages one user may post per window, over all their sockets and REST. */
  userMessages: { limit: number; windowMs: number };
  /** Missed messages `subscribe {afterSeq}` may hand one socket, and one user, per window. */
  recovery: { perSocket: number; perUser: number; windowMs: number };
}

/**
 * The per-user budgets of the delivery core, so that REST and every socket of a user draw on
 * the same ones: a user on twenty sockets posts no faster than on one, and recovery cannot be
 * asked for again and again to make the server read and send its history without end. Counted
 * in a {@link WindowCounter}: shared by every process when it lives in Redis.
 */
export class UserLimits {
  constructor(
    private readonly counter: WindowCounter,
    private readonly options: UserLimitOptions,
  ) {}

  /** Counts a post of `userId`; throws `rate_limited` with `retryAfterMs` past the budget. */
  async admitPost(userId: string): Promise<void> {
    const { limit, windowMs } = this.options.userMessages;
    const { count, resetMs } = await this.counter.add(`post:${userId}`, 1, windowMs);
    if (count > limit) {
      throw new ChatError(ErrorCode.rateLimited, `too many messages: at most ${limit} every ${windowMs} ms per user`, {
        retryAfterMs: Math.max(1, resetMs),
      });
    }
  }

  /** The recovery budget of one new connection of `userId`. */
  recoveryOf(userId: string): RecoveryBudget {
    return new RecoveryBudget(userId, this.counter, this.options.recovery);
  }
}

/**
 * What one connection may still recover: a recovery is let in while neither the connection nor
 * its user has spent the budget of the window, and then charged with the messages it handed back.
 */
export class RecoveryBudget {
  // The socket's own count needs no sharing: the socket lives in this process.
  private readonly own = createLocalWindowCounter();

  constructor(
    private readonly userId: string,
    private readonly shared: WindowCounter,
    private readonly options: UserLimitOptions['recovery'],
  ) {}

  /** Throws `rate_limited` with `retryAfterMs` when this connection or its user spent the budget. */
  async admit(): Promise<void> {
    const { perSocket, perUser, windowMs } = this.options;
    const [mine, users] = await Promise.all([this.own.add('socket', 0, windowMs), this.shared.add(this.key(), 0, windowMs)]);
    const spent = [mine.count >= perSocket && mine.resetMs, users.count >= perUser && users.resetMs].filter(
      (wait): wait is number => wait !== false,
    );
    if (spent.length > 0) {
      throw new ChatError(ErrorCode.rateLimited, 'too many missed messages asked for; recover again later', {
        retryAfterMs: Math.max(1, ...spent),
      });
    }
  }

  /** Charges a recovery that handed back `count` missed messages. */
  async charge(count: number): Promise<void> {
    if (count === 0) return;
    const { windowMs } = this.options;
    await Promise.all([this.own.add('socket', count, windowMs), this.shared.add(this.key(), count, windowMs)]);
  }

  private key(): string {
    return `recovery:${this.userId}`;
  }
}
