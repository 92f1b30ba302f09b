import { type BatchOutcome, type PendingWrite, settleBatch } from './batch-outcome.js';

/**
 * Group commit for a database reached over the network: items submitted while a batch commits
 * wait together and go in the next one. One batch is in flight at a time, so the busier the
 * database, the bigger the batches, and a burst of sends costs a few round trips and one WAL flush
 * each batch instead of one per send. Each caller resolves only after the commit that holds its
 * item, and callers of one batch resolve in the order they submitted.
 */
export class AsyncGroupCommit<I, O> {
  private queue: Array<PendingWrite<I, O>> = [];
  private running: Promise<void> | undefined;

  /**
   * `commit` runs the items of a batch in one transaction and returns one outcome per item; a
   * batch holds at most `maxBatch` items.
   */
  constructor(
    private readonly commit: (items: I[]) => Promise<Array<BatchOutcome<O>>>,
    private readonly maxBatch: number,
  ) {}

  /** Queues `item`; resolves once the batch that holds it is committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves once every item submitted so far has been committed or refused. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Let the frames that arrived in the same turn of the event loop join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      let outcomes: Array<BatchOutcome<O>>;
      try {
        outcomes = await this.commit(batch.map((entry) => entry.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      settleBatch(batch, outcomes);
    }
    this.running = undefined;
  }
}
