import type { MessageWrite, WriteOutcome } from './message-writes.js';
import type { SqliteSynchronous } from './open-database.js';

/** What the writer thread is started with. */
export interface WriterSettings {
  /** The database file, migrated already. */
  path: string;
  synchronous: SqliteSynchronous;
}

/** From the event loop to the writer thread: a batch to commit, or the end. */
export type WriterRequest = { type: 'batch'; id: number; writes: MessageWrite[] } | { type: 'close' };

/** From the writer thread: the outcomes of a batch once it committed, one per write, in order. */
export interface WriterReply {
  id: number;
  outcomes: WriteOutcome[];
}
