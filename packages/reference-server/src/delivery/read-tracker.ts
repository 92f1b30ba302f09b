import type { Logger } from 'pino';
import type { ReadState, User } from '../domain/types.js';
import type { Fanout } from '../fanout/types.js';
import { publicReadState, type ReadStateService } from '../services/read-state-service.js';
import type { ReadMark } from '../storage/types.js';
import type { RecentCounts } from './recent-messages.js';
import { userTopic } from './topics.js';

/** How long a mark from a socket may wait in memory before it is stored. */
const DEFAULT_FLUSH_MS = 1000;

/** What a mark did: the state after it, and whether the position moved. */
export interface MarkOutcome {
  state: ReadState;
  moved: boolean;
}

/**
 * A channel the marking socket is subscribed to (so it may read it): its server, and the counts
 * this process can work out from the messages it handed on, without storage.
 */
export interface LiveChannel {
  serverId: string;
  countsAfter(position: number): RecentCounts | undefined;
}

const isPosition = (seq: unknown): seq is number => typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0;

/**
 * Read positions as users move them. A reader marks a channel read as messages arrive, so a busy
 * channel with a hundred readers would make a hundred writes per message. So:
 *
 * - Marks from sockets are coalesced: the furthest position per (user, channel) is kept in memory
 *   and stored with all the others in one transaction at most every `flushMs` (and a user's when
 *   one of their sockets opens or closes here, so a reconnect to this process counts from it; all
 *   of them when the server stops). A process that dies loses at most `flushMs` of marks.
 * - The `read` event with the counts after the mark goes to every socket of the user at once.
 *   When the socket is subscribed to the channel and the position is among the messages this
 *   process handed on, the counts come from those (see `RecentMessages`), not from a query.
 * - A REST mark is stored before it answers.
 *
 * The position last known per user and channel (stored, pending, or told by another process's
 * `read` event) is kept while the user has a socket here, so that a mark that moves nothing is
 * known as such without a query.
 */
export class ReadTracker {
  private readonly pending = new Map<string, ReadMark>();
  private readonly known = new Map<string, Map<string, number>>();
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
   * is stored before this resolves; otherwise within `flushMs`. `live` is given for a channel the
   * marking socket is subscribed to.
   */
  async mark(user: User, channelId: string, seq: unknown, writeThrough: boolean, live?: LiveChannel): Promise<MarkOutcome> {
    const known = this.known.get(user.id)?.get(channelId);
    if (!writeThrough && live && known !== undefined && isPosition(seq)) {
      const position = Math.max(seq, known);
      const counts = live.countsAfter(position);
      // Past the newest seq handed on here, storage clamps to the newest it holds.
      if (counts && seq <= counts.lastSeq) {
        const state: ReadState = { channelId, serverId: live.serverId, lastReadSeq: position, ...counts };
        return { state, moved: this.moved(user.id, state, position > known) };
      }
    }
    const before = Math.max(known ?? 0, this.pending.get(`${user.id}\n${channelId}`)?.seq ?? 0);
    // A bad seq goes to the service as it came, to be refused there.
    const state = await this.readStates.preview(user, channelId, isPosition(seq) ? Math.max(seq, before) : seq);
    const position = state.lastReadSeq;
    const key = `${user.id}\n${channelId}`;
    if (writeThrough && position > state.storedSeq) await this.readStates.store([{ userId: user.id, channelId, seq: position }]);
    if (writeThrough && (this.pending.get(key)?.seq ?? 0) <= position) this.pending.delete(key);
    // A later mark may have gone further while this one was counted: only the furthest is told.
    const furthest = Math.max(this.known.get(user.id)?.get(channelId) ?? 0, this.pending.get(key)?.seq ?? 0) <= position;
    const published = publicReadState(state);
    const moved = this.moved(user.id, published, furthest && position > Math.max(state.storedSeq, before), writeThrough);
    if (!moved) this.remember(user.id, channelId, Math.max(position, state.storedSeq));
    return { state: published, moved };
  }

  /** Another process (or this one) told the user's sockets where they stand now. */
  observe(userId: string, state: ReadState): void {
    if (this.known.has(userId)) this.remember(userId, state.channelId, state.lastReadSeq);
  }

  /** Keeps positions for the user while a socket of theirs is here. */
  follow(userId: string): void {
    if (!this.known.has(userId)) this.known.set(userId, new Map());
  }

  /** The user's last socket here closed: what is known of their positions is let go. */
  forget(userId: string): void {
    this.known.delete(userId);
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
        for (const mark of marks) this.hold(mark);
        this.schedule();
      });
    return this.flushing;
  }

  /** When the position moved: remembers it, holds it for storing (unless stored already) and tells every socket of the user. */
  private moved(userId: string, state: ReadState, moved: boolean, stored = false): boolean {
    if (!moved) return false;
    this.remember(userId, state.channelId, state.lastReadSeq);
    if (!stored) {
      this.hold({ userId, channelId: state.channelId, seq: state.lastReadSeq });
      this.schedule();
    }
    this.fanout.publish(userTopic(userId), { kind: 'read', userId, state });
    return true;
  }

  private remember(userId: string, channelId: string, position: number): void {
    const positions = this.known.get(userId);
    if (positions && (positions.get(channelId) ?? 0) < position) positions.set(channelId, position);
  }

  private hold(mark: ReadMark): void {
    const key = `${mark.userId}\n${mark.channelId}`;
    if ((this.pending.get(key)?.seq ?? 0) < mark.seq) this.pending.set(key, mark);
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
