/** What one item of a group commit came to: its result, or the error that refused it alone. */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };
