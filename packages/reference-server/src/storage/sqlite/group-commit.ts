import type { BatchOutcome } from '../batch-outcome.js';

/**
 * Collects the writes that arrive within one turn of the event loop and commits them together.
 * With SQLite every commit is an fsync; committing concurrent sends in one transaction pays it once
 * for all of them, and each caller still resolves only after the commit that holds its write.
 */
export class GroupCommit<I, O> {
  private pending: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];
  private scheduled: NodeJS.Immediate | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: (() => void) | undefined;

  /** `commit` runs every item of a batch in one transaction and returns one outcome per item. */
  constructor(private readonly commit: (items: I[]) => Array<BatchOutcome<O>>) {}

  /** Queues `item` for the next batch; resolves once that batch is committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.idle = new Promise((done) => (this.markIdle = done));
        this.scheduled = setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is queued now. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      let outcomes: Array<BatchOutcome<O>>;
      try {
        outcomes = this.commit(batch.map((entry) => entry.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      batch.forEach((entry, index) => {
        const outcome = outcomes[index] ?? { ok: false, error: new Error('batch returned no outcome') };
        if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      });
    }
    this.markIdle?.();
  }

  /** Resolves once nothing is queued. */
  drained(): Promise<void> {
    return this.scheduled ? this.idle : Promise.resolve();
  }
}
