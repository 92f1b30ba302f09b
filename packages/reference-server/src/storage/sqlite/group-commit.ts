import { type BatchOutcome, type PendingWrite, settleBatch } from '../batch-outcome.js';

/**
 * Collects the writes that arrive within one turn of the event loop and commits them together.
 * With SQLite every commit is an fsync; committing concurrent sends in one transaction pays it once
 * for all of them, and each caller still resolves only after the commit that holds its write.
 *
 * With `minIntervalMs`, commits are also paced: a write that comes sooner than that after the last
 * commit waits for the rest of the interval, gathering whatever else arrives meanwhile (as
 * PostgreSQL's `commit_delay`). A steady stream then commits a few messages at a time, and their
 * deliveries leave in one socket write per subscriber instead of one write per message; the
 * write system calls, not the storage, are most of the CPU a busy channel costs. A write after a
 * quiet spell commits on the next turn, as without pacing.
 */
export class GroupCommit<I, O> {
  private pending: Array<PendingWrite<I, O>> = [];
  private scheduled: { cancel(): void } | undefined;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: (() => void) | undefined;

  /**
   * `commit` runs every item of a batch in one transaction and returns one outcome per item;
   * `minIntervalMs` is the least time from one commit to the next (0: none).
   */
  constructor(
    private readonly commit: (items: I[]) => Array<BatchOutcome<O>>,
    private readonly minIntervalMs = 0,
  ) {}

  /** Queues `item` for the next batch; resolves once that batch is committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.idle = new Promise((done) => (this.markIdle = done));
        this.scheduled = this.schedule();
      }
    });
  }

  /** Commits whatever is queued now. */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.lastCommitAt = Date.now();
      let outcomes: Array<BatchOutcome<O>>;
      try {
        outcomes = this.commit(batch.map((entry) => entry.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      settleBatch(batch, outcomes);
    }
    this.markIdle?.();
  }

  /** Resolves once nothing is queued. */
  drained(): Promise<void> {
    return this.scheduled ? this.idle : Promise.resolve();
  }

  /** The next turn of the event loop, or the end of the interval since the last commit if later. */
  private schedule(): { cancel(): void } {
    const wait = this.lastCommitAt + this.minIntervalMs - Date.now();
    if (wait >= 1) {
      const timer = setTimeout(() => this.flush(), wait);
      return { cancel: () => clearTimeout(timer) };
    }
    const immediate = setImmediate(() => this.flush());
    return { cancel: () => clearImmediate(immediate) };
  }
}
