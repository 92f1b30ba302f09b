/** What one item of a group commit came to: its result, or the error that refused it alone. */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** A write waiting in a group commit for the outcome of its batch. */
export interface PendingWrite<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Settles every write of a batch with its own outcome; a write the commit gave no outcome for is
 * refused, never left waiting.
 */
export function settleBatch<I, O>(batch: ReadonlyArray<PendingWrite<I, O>>, outcomes: ReadonlyArray<BatchOutcome<O>>): void {
  batch.forEach((entry, index) => {
    const outcome = outcomes[index] ?? { ok: false, error: new Error('batch returned no outcome') };
    if (outcome.ok) entry.resolve(outcome.value);
    else entry.reject(outcome.error);
  });
}
