/**
 * The gap-filling rule of a channel, shared by the server's sequencer and the SDK's channel store.
 * Messages are numbered 1, 2, 3… with no gaps, but may arrive out of order (two server processes
 * publish the messages of one channel, and their publications cross) or not at all (a broker
 * outage). A reader keeps the last seq it showed and holds what arrives ahead of a gap in a map
 * by seq; {@link takeRun} releases the run that follows the last seq as soon as it is complete;
 * and when the missing ones do not come (at once for the SDK, after a short wait for the server),
 * the reader reads the {@link seqGap} from storage and takes the run again.
 *
 * Plain functions over a `Map`: no timers and no I/O, so each end decides how long to wait, and a
 * bundle keeps only the functions it calls.
 *
 * @example
 * const ahead = new Map<number, Message>();
 * ahead.set(message.seq, message);
 * for (const next of takeRun(ahead, lastSeq)) show(next);
 * const gap = seqGap(ahead, lastSeq);
 * if (gap) read(gap.after, gap.before);
 *
 * @module
 */

/**
 * Forgets what is held at or below `lastSeq` (already shown), then removes and returns the items
 * that follow `lastSeq` without a gap, in seq order.
 *
 * @example
 * takeRun(new Map([[4, 'd'], [3, 'c'], [6, 'f']]), 2); // ['c', 'd']; 6 stays held
 */
export function takeRun<T>(held: Map<number, T>, lastSeq: number): T[] {
  for (const seq of held.keys()) if (seq <= lastSeq) held.delete(seq);
  const run: T[] = [];
  for (let seq = lastSeq + 1; held.has(seq); seq++) {
    run.push(held.get(seq) as T);
    held.delete(seq);
  }
  return run;
}

/**
 * The seqs missing between `lastSeq` and the first item held, as `{ after, before }` (both
 * exclusive), or undefined when nothing held waits behind a gap.
 *
 * @example
 * seqGap(new Map([[8, 'h']]), 5); // { after: 5, before: 8 }: read 6 and 7
 */
export function seqGap(held: ReadonlyMap<number, unknown>, lastSeq: number): { after: number; before: number } | undefined {
  const first = held.size > 0 ? Math.min(...held.keys()) : undefined;
  return first === undefined || first <= lastSeq + 1 ? undefined : { after: lastSeq, before: first };
}
