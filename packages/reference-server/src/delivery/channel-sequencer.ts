import { seqGap, takeRun } from '@hearth/sdk/protocol';
import type { ChannelEvent } from '../domain/channel-event.js';
import type { Message } from '../domain/types.js';
import type { MessagePage } from '../storage/types.js';

/** What a sequencer hands on: a channel's messages in seq order, and its typing as it comes. */
export type SequencedEvent = Extract<ChannelEvent, { kind: 'message' | 'typing' }>;

/** Where a sequencer reads what the fan-out did not bring: the channel's stored history. */
export interface ChannelBacklog {
  /** The channel's newest seq. */
  lastSeq(channelId: string): Promise<number>;
  /** Up to `limit` messages after `afterSeq`, oldest first. */
  messagesAfter(channelId: string, afterSeq: number, limit: number): Promise<MessagePage>;
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
 * Hands one channel's messages on in seq order with no gap and no repeat, whatever order the
 * fan-out brings them in. With several processes, two messages of a channel are published by two
 * processes and may cross on the way; a broker outage may lose some. So the sequencer keeps the
 * last seq it handed on; a message ahead of a gap waits briefly for the missing ones, and when they
 * do not come they are read from storage, where a committed seq never has an uncommitted one below
 * it. Typing events pass straight through.
 *
 * In one process with in-process fan-out every message is the next one, and the cost is one
 * comparison.
 */
export class ChannelSequencer {
  /** The last seq handed on; undefined until {@link start} has read where the channel stands. */
  private lastSeq: number | undefined;
  /** Messages that arrived ahead of a gap (or before `start`). */
  private readonly ahead = new Map<number, Message>();
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
   * {@link receive}, so the stream that follows has no hole.
   */
  async start(): Promise<void> {
    const lastSeq = await this.backlog.lastSeq(this.channelId);
    if (this.stopped) return;
    this.lastSeq = lastSeq;
    this.release();
  }

  /** Takes an event from the fan-out. */
  receive(event: SequencedEvent): void {
    if (this.stopped) return;
    if (event.kind !== 'message') return this.emit(event);
    const { seq } = event.message;
    if (this.lastSeq !== undefined && this.ahead.size === 0 && seq === this.lastSeq + 1) {
      this.lastSeq = seq;
      return this.emit(event);
    }
    // Already handed on (read from storage before the fan-out brought it), or a repeat.
    if (this.lastSeq !== undefined && seq <= this.lastSeq) return;
    this.ahead.set(seq, event.message);
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

  /** Hands on the held messages that now follow without a gap; waits for the rest. */
  private release(): void {
    if (this.lastSeq === undefined) return;
    for (const message of takeRun(this.ahead, this.lastSeq)) {
      this.lastSeq = message.seq;
      this.emit({ kind: 'message', message });
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
      const page = await this.backlog.messagesAfter(this.channelId, this.lastSeq, this.options.pageSize);
      if (this.stopped) return;
      for (const message of page.messages) this.handOnStored(message);
      this.release();
      if (!page.hasMore || page.messages.length === 0) return;
    }
  }

  /** Hands on a message read from storage, unless the fan-out brought it meanwhile. */
  private handOnStored(message: Message): void {
    if (this.lastSeq === undefined || message.seq !== this.lastSeq + 1) return;
    this.ahead.delete(message.seq);
    this.lastSeq = message.seq;
    this.emit({ kind: 'message', message });
  }
}
