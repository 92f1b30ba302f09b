/**
 * The gap-filling rule of a channel, shared by the server's sequencer and the SDK's channel store.
 * Messages are numbered 1, 2, 3… with no gaps, but may arrive out of order (two server processes
 * publish the messages of one channel, and their publications cross) or not at all (a broker
 * outage). A reader keeps the last seq it showed; what arrives ahead of a gap is held here; the
 * run that follows the last seq without a gap is released as soon as it is complete; and when the
 * missing ones do not come (at once for the SDK, after a short wait for the server), the reader
 * reads the {@link SeqReorder.gap} from storage and releases again.
 *
 * Pure: no timers and no I/O, so both ends decide for themselves how long to wait.
 *
 * @example
 * const ahead = new SeqReorder<Message>();
 * ahead.hold(message.seq, message);
 * for (const next of ahead.takeRun(lastSeq)) show(next);
 * if (ahead.gap(lastSeq)) scheduleRead(ahead.gap(lastSeq));
 */
export class SeqReorder<T> {
  readonly #held = new Map<number, T>();

  /** How many items are held ahead of a gap. */
  get size(): number {
    return this.#held.size;
  }

  /** The lowest seq held, or undefined when nothing is. */
  get firstHeld(): number | undefined {
    let first: number | undefined;
    for (const seq of this.#held.keys()) if (first === undefined || seq < first) first = seq;
    return first;
  }

  /** Holds an item that arrived ahead of a gap (a repeat replaces the one held). */
  hold(seq: number, item: T): void {
    this.#held.set(seq, item);
  }

  /** Removes and returns the item held for `seq`, if any (it was read from storage meanwhile). */
  take(seq: number): T | undefined {
    const item = this.#held.get(seq);
    this.#held.delete(seq);
    return item;
  }

  /**
   * Forgets what is at or below `lastSeq` (already shown), then removes and returns the items
   * that follow `lastSeq` without a gap, in seq order.
   */
  takeRun(lastSeq: number): T[] {
    for (const seq of this.#held.keys()) if (seq <= lastSeq) this.#held.delete(seq);
    const run: T[] = [];
    for (let seq = lastSeq + 1; this.#held.has(seq); seq++) {
      run.push(this.#held.get(seq) as T);
      this.#held.delete(seq);
    }
    return run;
  }

  /**
   * The seqs missing between `lastSeq` and the first item held, `{ after, before }` (both
   * exclusive), or undefined when nothing held is ahead of a gap.
   */
  gap(lastSeq: number): { after: number; before: number } | undefined {
    const first = this.firstHeld;
    return first === undefined || first <= lastSeq + 1 ? undefined : { after: lastSeq, before: first };
  }

  /** Forgets everything held. */
  clear(): void {
    this.#held.clear();
  }
}
