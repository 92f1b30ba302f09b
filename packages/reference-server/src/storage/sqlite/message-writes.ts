import type Database from 'better-sqlite3';
import type { Message } from '../../domain/types.js';
import { AppendRefusal, type AppendRefusalReason } from '../append-refusal.js';
import type { BatchOutcome } from '../batch-outcome.js';
import type { AppendResult, MessageChange, NewMessage, ReactionChange, ReactionResult } from '../types.js';
import type { MessageStore } from './message-store.js';

/**
 * A write that takes a channel's next seq. All of them go through one writer, in the order they
 * were submitted, so seqs follow commit order and each channel's line has no hole below a commit.
 */
export type MessageWrite =
  | { kind: 'append'; input: NewMessage }
  | { kind: 'change'; input: MessageChange; viewerId: string | undefined }
  | { kind: 'react'; input: ReactionChange };

/** What each kind of {@link MessageWrite} resolves with. */
export interface WriteResults {
  append: AppendResult;
  change: Message | undefined;
  react: ReactionResult;
}

/** The result of a write of kind `K`. */
export type WriteResult<K extends MessageWrite['kind'] = MessageWrite['kind']> = WriteResults[K];

/**
 * What one write came to, in a form that crosses a thread boundary by structured clone: an
 * error's class does not survive the copy, so a refusal travels as its reason.
 */
export type WriteOutcome =
  { ok: true; value: WriteResult } | { ok: false; refusal: AppendRefusalReason } | { ok: false; refusal?: undefined; message: string };

/**
 * Runs `writes` in one transaction (one commit, so one fsync for all of them), each in a savepoint
 * of its own so that one refused write rolls back alone. Returns once the transaction committed.
 * `BEGIN IMMEDIATE` takes the write lock before the first read, so a batch waits (up to the
 * busy timeout) for another connection's write instead of failing on a stale snapshot.
 */
export function createWriteBatch(db: Database.Database, store: MessageStore): (writes: readonly MessageWrite[]) => WriteOutcome[] {
  const applyOne = db.transaction((write: MessageWrite): WriteResult => {
    switch (write.kind) {
      case 'append':
        return store.append(write.input);
      case 'change':
        return store.change(write.input, write.viewerId);
      case 'react':
        return store.react(write.input);
    }
  });
  const applyAll = db.transaction((writes: readonly MessageWrite[]): WriteOutcome[] =>
    writes.map((write) => {
      try {
        return { ok: true, value: applyOne(write) };
      } catch (error) {
        return outcomeOfError(error);
      }
    }),
  );
  return (writes) => applyAll.immediate(writes);
}

/** The outcome of a write, or of its whole batch, that threw `error`. */
export function outcomeOfError(error: unknown): WriteOutcome {
  if (error instanceof AppendRefusal) return { ok: false, refusal: error.reason };
  return { ok: false, message: error instanceof Error ? error.message : String(error) };
}

/** A {@link WriteOutcome} as the caller of the write sees it: its value, or the error it throws. */
export function settle(outcome: WriteOutcome): BatchOutcome<WriteResult> {
  if (outcome.ok) return outcome;
  if (outcome.refusal !== undefined) return { ok: false, error: new AppendRefusal(outcome.refusal) };
  return { ok: false, error: new Error(outcome.message) };
}
