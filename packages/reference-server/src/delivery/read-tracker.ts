import type { Logger } from 'pino';
import type { ReadState, User } from '../domain/types.js';
import type { Fanout } from '../fanout/types.js';
import { publicReadState, type ReadStateService } from '../services/read-state-service.js';
import type { ReadMark } from '../storage/types.js';
import { userTopic } from './topics.js';

/** How long a mark from a socket may wait in memory before it is stored. */
const DEFAULT_FLUSH_MS = 1000;

/** What a mark did: the state after it, and whether the position moved. */
export interface MarkOutcome {
  state: ReadState;
  moved: boolean;
}

/**
 * Read positions as users move them. A reader marks a channel read as messages arrive, so a busy
 * channel with a hundred readers would make a hundred writes per message; marks from sockets are
 * therefore coalesced: the highest position per (user, channel) is kept in memory and stored with
 * all the others in one transaction at most every `flushMs` (and a user's when one of their sockets
 * closes or opens, so a reconnect to the same process counts from the latest position; and all of
 * them when the server stops). The `read` event with the counts after the mark goes to every socket of the user
 * at once, computed from the position in memory; a REST mark is stored before it answers. A
 * process that dies loses at most `flushMs` of marks, which the next mark makes good.
 */
export class ReadTracker {
  private readonly pending = new Map<string, ReadMark>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly readStates: ReadStateService,
    private readonly fanout: Fanout,
    private readonly log: Logger,
    private readonly flushMs = DEFAULT_FLUSH_MS,
  ) {}

  /**
   * Moves `user`'s position in the channel up to `seq` (never back, never past the newest) and,
   * when it moved, tells every socket of theirs on every process. With `writeThrough` the position
   * is stored before this resolves; otherwise within `flushMs`.
   */
  async mark(user: User, channelId: string, seq: unknown, writeThrough: boolean): Promise<MarkOutcome> {
    const key = `${user.id}\n${channelId}`;
    const before = this.pending.get(key)?.seq ?? 0;
    // A bad seq goes to the service as it came, to be refused there.
    const atLeast = typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? Math.max(seq, before) : seq;
    const state = await this.readStates.preview(user, channelId, atLeast);
    const position = state.lastReadSeq;
    // A later mark may have gone further while this one was counted: only the furthest is told.
    const furthest = (this.pending.get(key)?.seq ?? 0) <= position;
    const moved = position > Math.max(state.storedSeq, before) && furthest;
    if (writeThrough) {
      if (position > state.storedSeq) await this.readStates.store([{ userId: user.id, channelId, seq: position }]);
      if ((this.pending.get(key)?.seq ?? 0) <= position) this.pending.delete(key);
    } else if (moved) {
      this.pending.set(key, { userId: user.id, channelId, seq: position });
      this.schedule();
    }
    const published = publicReadState(state);
    if (moved) this.fanout.publish(userTopic(user.id), { kind: 'read', userId: user.id, state: published });
    return { state: published, moved };
  }

  /**
   * Stores the pending marks now, all of them or only `userId`'s; resolves once they are stored
   * (or the attempt failed, was logged, and the marks wait for the next flush).
   */
  flush(userId?: string): Promise<void> {
    const marks: ReadMark[] = [];
    for (const [key, mark] of this.pending) {
      if (userId !== undefined && mark.userId !== userId) continue;
      marks.push(mark);
      this.pending.delete(key);
    }
    if (this.pending.size === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (marks.length === 0) return this.flushing;
    this.flushing = this.flushing
      .then(() => this.readStates.store(marks))
      .catch((error: unknown) => {
        this.log.warn({ err: error, marks: marks.length }, 'could not store read positions; keeping them for the next flush');
        for (const mark of marks) {
          const key = `${mark.userId}\n${mark.channelId}`;
          if ((this.pending.get(key)?.seq ?? 0) < mark.seq) this.pending.set(key, mark);
        }
        this.schedule();
      });
    return this.flushing;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs);
    this.timer.unref();
  }
}
