/**
 * Keeps one connection's sends in the order they were sent. Each send is admitted (its checks may
 * wait on the database) only after the previous one was admitted and queued for storage, so the
 * sends of one connection get seqs in the order the client sent them. The chain does not wait for
 * commits: those still go out in groups, shared with every other sender's.
 */
export class SendOrder {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `admit` once every earlier send was admitted and queued, then `queue` at once with what
   * it returned. `queue` must hand its write to storage before its first `await`. Resolves with
   * what `queue` resolves with; a refused send does not hold up the ones after it.
   */
  run<Admitted, Result>(admit: () => Promise<Admitted>, queue: (admitted: Admitted) => Promise<Result>): Promise<Result> {
    // Wrapped, so the chain moves on once the write is queued rather than once it is committed.
    const queued = this.tail.then(async () => ({ result: queue(await admit()) }));
    this.tail = queued.catch(() => undefined);
    return queued.then(({ result }) => result);
  }
}
