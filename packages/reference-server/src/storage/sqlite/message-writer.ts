import { GroupCommit } from './group-commit.js';
import { type MessageWrite, type WriteOutcome, type WriteResult, settle } from './message-writes.js';

/**
 * Where the writes that take a seq go: one queue, committed in groups, each write resolving only
 * once the transaction that holds it committed.
 */
export interface MessageWriter {
  /** Queues `write`; resolves with its result once it is durable, or rejects with why it was refused. */
  submit<W extends MessageWrite>(write: W): Promise<WriteResult<W['kind']>>;
  /** Commits what is queued, then stops taking writes. */
  close(): Promise<void>;
}

/**
 * A {@link MessageWriter} on the event loop's own thread: the writes queued in one turn share a
 * transaction, run (and fsync) before the next turn, or once `minIntervalMs` have passed since the
 * last commit if that is later.
 */
export function createInlineWriter(runBatch: (writes: readonly MessageWrite[]) => WriteOutcome[], minIntervalMs = 0): MessageWriter {
  const commits = new GroupCommit<MessageWrite, WriteResult>((writes) => runBatch(writes).map(settle), minIntervalMs);
  let closed = false;
  return {
    submit<W extends MessageWrite>(write: W) {
      if (closed) return Promise.reject(new Error('the SQLite writer is closed'));
      return commits.submit(write) as Promise<WriteResult<W['kind']>>;
    },
    async close() {
      closed = true;
      commits.flush();
      await commits.drained();
    },
  };
}
