import { seqGap, takeRun } from '@hearth/sdk/protocol';
import type { ChannelEvent } from '../domain/channel-event.js';
import type { Message } from '../domain/types.js';
import type { MessagePage } from '../storage/types.js';

/** What a sequencer hands on: a channel's new messages and changes in seq order, and its typing as it comes. */
export type SequencedEvent = Extract<ChannelEvent, { kind: 'message' | 'changed' | 'typing' }>;

/** An event that takes a place on the channel's seq line: a new message, or a change to one. */
export type LineEvent = Extract<ChannelEvent, { kind: 'message' | 'changed' }>;

/**
 * The seq an event took: a message's `version` is the seq of its latest change, and its own seq
 * while it is new.
 */
export const seqOf = (event: LineEvent): number => event.message.version;

/** Where a sequencer reads what the fan-out did not bring: the channel's stored history. */
export interface ChannelBacklog {
  /** The channel's newest seq. */
  lastSeq(channelId: string): Promise<number>;
  /** Up to `limit` messages added or changed after `afterSeq`, in their current state, by version. */
  changesAfter(channelId: string, afterSeq: number, limit: number): Promise<MessagePage>;
}

/** Options of a {@link ChannelSequencer}. */
export interface SequencerOptions {
  /** How long a message that arrived ahead of a gap waits for the missing ones before they are read from storage. */
  gapWaitMs: number;
  /** How many messages one storage read fetches. */
  pageSize: number;
  /** Told about a failed storage read; the read is tried again after `gapWaitMs`. */
  onError: (error: unknown) => void;
}

/**
 * Hands one channel's new messages and changes on in seq order with no gap and no repeat, whatever
 * order the fan-out brings them in. With several processes, two events of a channel are published
 * by two processes and may cross on the way; a broker outage may lose some. So the sequencer keeps
 * the last seq it handed on; an event ahead of a gap waits briefly for the missing ones, and when
 * they do not come they are read from storage, where a committed seq never has an uncommitted one
 * below it. Storage holds each message in its current state only: a change superseded by a later
 * one of the same message is not there on its own, so a read covers every seq up to the last
 * version it returned, and the line handed on may skip the superseded seqs. Typing events pass
 * straight through.
 *
 * In one process with in-process fan-out every message is the next one, and the cost is one
 * comparison.
 */
export class ChannelSequencer {
  /** The last seq handed on; undefined until {@link start} has read where the channel stands. */
  private lastSeq: number | undefined;
  /** Events that arrived ahead of a gap (or before `start`), by seq. */
  private readonly ahead = new Map<number, LineEvent>();
  private gapTimer: NodeJS.Timeout | undefined;
  /** Storage reads run one after another, so two of them never hand on the same seq. */
  private reads: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly channelId: string,
    private readonly backlog: ChannelBacklog,
    private readonly emit: (event: SequencedEvent) => void,
    private readonly options: SequencerOptions,
  ) {}

  /**
   * Reads the channel's newest seq and starts handing on what comes after it. Call it once the
   * fan-out subscription is active: every message stored after this read then reaches
   * {@link receive}, so the stream that follows has no hole. Resolves with the seq it starts after.
   */
  async start(): Promise<number> {
    const lastSeq = await this.backlog.lastSeq(this.channelId);
    if (this.stopped) return lastSeq;
    this.lastSeq = lastSeq;
    this.release();
    return lastSeq;
  }

  /** Takes an event from the fan-out. */
  receive(event: SequencedEvent): void {
    if (this.stopped) return;
    if (event.kind === 'typing') return this.emit(event);
    const seq = seqOf(event);
    if (this.lastSeq !== undefined && this.ahead.size === 0 && seq === this.lastSeq + 1) {
      this.lastSeq = seq;
      return this.emit(event);
    }
    // Already handed on or covered (read from storage before the fan-out brought it), or a repeat.
    if (this.lastSeq !== undefined && seq <= this.lastSeq) return;
    this.ahead.set(seq, event);
    this.release();
  }

  /** The fan-out may have lost events: reads whatever storage holds past the last seq handed on. */
  resync(): void {
    if (this.lastSeq === undefined || this.stopped) return;
    this.read(true);
  }

  /** Stops handing anything on. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.gapTimer);
    this.ahead.clear();
  }

  /** Hands on the held events that now follow without a gap; waits for the rest. */
  private release(): void {
    if (this.lastSeq === undefined) return;
    for (const event of takeRun(this.ahead, this.lastSeq)) {
      this.lastSeq = seqOf(event);
      this.emit(event);
    }
    if (!seqGap(this.ahead, this.lastSeq)) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    } else {
      this.gapTimer ??= setTimeout(() => {
        this.gapTimer = undefined;
        this.read(false);
      }, this.options.gapWaitMs);
    }
  }

  /** Queues a storage read: up to the newest stored message (`toEnd`), or until the held ones connect. */
  private read(toEnd: boolean): void {
    this.reads = this.reads.then(() =>
      this.readFromStorage(toEnd).catch((error: unknown) => {
        this.options.onError(error);
        if (toEnd) setTimeout(() => this.resync(), this.options.gapWaitMs).unref();
        else this.release();
      }),
    );
  }

  private async readFromStorage(toEnd: boolean): Promise<void> {
    for (;;) {
      if (this.stopped || this.lastSeq === undefined || (!toEnd && !seqGap(this.ahead, this.lastSeq))) return;
      const page = await this.backlog.changesAfter(this.channelId, this.lastSeq, this.options.pageSize);
      if (this.stopped) return;
      const byId = new Map(page.messages.map((message) => [message.id, message]));
      for (const message of page.messages) this.handOnStored(message, message.threadId === null ? undefined : byId.get(message.threadId));
      this.release();
      if (!page.hasMore || page.messages.length === 0) return;
    }
  }

  /**
   * Hands on a message read from storage in its current state, unless the fan-out brought that
   * state meanwhile: as `message` while it is unchanged, else as `changed` at its version (also
   * when its creation was not handed on either: a client adds it at its seq). Every seq up to its
   * version is then covered, since storage returns messages by version. A new thread reply
   * carries its thread's summary as its root (which storage returns with it) holds it now.
   */
  private handOnStored(message: Message, root: Message | undefined): void {
    if (this.lastSeq === undefined || message.version <= this.lastSeq) return;
    this.lastSeq = message.version;
    if (message.version !== message.seq) return this.emit({ kind: 'changed', message });
    const thread = root?.thread && { rootId: root.id, ...root.thread };
    this.emit({ kind: 'message', message, ...(thread && { thread }) });
  }
}
