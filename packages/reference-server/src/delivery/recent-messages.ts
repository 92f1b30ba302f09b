import type { SequencedEvent } from './channel-sequencer.js';
import { seqOf } from './channel-sequencer.js';

/** A message as the unread counts see it. */
interface RecentMessage {
  id: string;
  seq: number;
  authorId: string;
  threadId: string | null;
  mentionIds: readonly string[];
  deleted: boolean;
}

/** The counts after a read position, as {@link RecentMessages.countsAfter} works them out. */
export interface RecentCounts {
  /** The newest seq this process has handed on for the channel. */
  lastSeq: number;
  unread: number;
  mentions: number;
}

/**
 * The newest messages of one channel that this process handed on, kept so that a reader marking
 * the channel read as messages arrive gets its counts without a storage read: with a hundred
 * readers on a busy channel, a query per mark would cost more than the messages themselves. Every
 * message after `coveredFrom` is here (the sequencer hands on each seq once, in order), with its
 * current mentions and whether it was deleted; older ones leave when more than `capacity` are held.
 */
export class RecentMessages {
  private readonly messages: RecentMessage[] = [];
  /** Every message with a seq from this one on is held; undefined until the channel's start is known. */
  private coveredFrom: number | undefined;
  private newest = 0;

  constructor(private readonly capacity: number) {}

  /** The channel's stream starts after `lastSeq`: every message past it will be recorded. */
  startAfter(lastSeq: number): void {
    this.coveredFrom = lastSeq + 1;
    this.newest = Math.max(this.newest, lastSeq);
    // What was handed on while the start was read, and is older, counts for nothing.
    while ((this.messages[0]?.seq ?? Infinity) <= lastSeq) this.messages.shift();
  }

  /** Takes an event the sequencer handed on. */
  record(event: SequencedEvent): void {
    if (event.kind === 'typing') return;
    const { message } = event;
    this.newest = Math.max(this.newest, seqOf(event));
    const entry: RecentMessage = {
      id: message.id,
      seq: message.seq,
      authorId: message.author.id,
      threadId: message.threadId,
      mentionIds: message.mentions.map((user) => user.id),
      deleted: message.deleted,
    };
    const at = this.indexAfter(message.seq) - 1;
    const held = this.messages[at];
    if (held?.seq === message.seq) {
      this.messages[at] = entry;
      return;
    }
    // A change to a message older than what is held concerns no count kept here.
    if (event.kind === 'changed' && this.coveredFrom !== undefined && message.seq < this.coveredFrom) return;
    this.messages.splice(at + 1, 0, entry);
    if (this.messages.length > this.capacity) {
      const dropped = this.messages.shift();
      if (dropped) this.coveredFrom = dropped.seq + 1;
    }
  }

  /**
   * The counts of `userId` read up to `position` (at most the newest seq handed on), or undefined
   * when messages after it may be missing here: then storage has to count.
   */
  countsAfter(position: number, userId: string): RecentCounts | undefined {
    if (this.coveredFrom === undefined || position + 1 < this.coveredFrom || position > this.newest) return undefined;
    let unread = 0;
    let mentions = 0;
    for (let index = this.messages.length - 1; index >= 0; index--) {
      const message = this.messages[index] as RecentMessage;
      if (message.seq <= position) break;
      if (message.deleted || message.authorId === userId) continue;
      if (message.threadId === null) unread++;
      if (message.mentionIds.includes(userId)) mentions++;
    }
    return { lastSeq: this.newest, unread, mentions };
  }

  /** The index of the first held message with a seq above `seq`. */
  private indexAfter(seq: number): number {
    let low = 0;
    let high = this.messages.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.messages[middle] as RecentMessage).seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
