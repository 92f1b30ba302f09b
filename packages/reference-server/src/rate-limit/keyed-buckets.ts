import { TokenBucket } from './token-bucket.js';

/** One {@link TokenBucket} per key (a user id, an address), forgetting keys idle for a minute. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; usedAt: number }>();
  private sweptAt = Date.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes a token from `key`'s bucket; the delay to wait when it is empty, else 0. */
  take(key: string): number {
    const now = Date.now();
    if (now - this.sweptAt > 60_000) this.sweep(now);
    let entry = this.buckets.get(key);
    if (!entry) this.buckets.set(key, (entry = { bucket: new TokenBucket(this.perSecond, this.burst), usedAt: now }));
    entry.usedAt = now;
    return entry.bucket.take() ? 0 : Math.max(1, entry.bucket.retryAfterMs());
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, entry] of this.buckets) if (now - entry.usedAt > 60_000) this.buckets.delete(key);
  }
}
