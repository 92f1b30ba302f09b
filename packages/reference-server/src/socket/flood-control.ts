import { TokenBucket } from '../rate-limit/token-bucket.js';

/** What to do with a frame over the rate: say so, drop it without a word, or close the socket. */
export type FloodVerdict = 'report' | 'drop' | 'close';

const FLOOD_WINDOW_MS = 10_000;
const REPORT_EVERY_MS = 1000;

/**
 * A socket's frame rate: a token bucket of `framesPerSecond` and `burst`. Frames over it are
 * refused; a socket that keeps sending past more than a burst of refusals within ten seconds is
 * flooding and is closed.
 */
export class FloodControl {
  private readonly bucket: TokenBucket;
  private dropped = { count: 0, since: 0, reported: 0 };

  constructor(
    framesPerSecond: number,
    private readonly burst: number,
  ) {
    this.bucket = new TokenBucket(framesPerSecond, burst);
  }

  /** Takes a token for a frame; false when the frame is over the rate. */
  admit(): boolean {
    return this.bucket.take();
  }

  /**
   * The verdict on a frame {@link admit} refused. Every refused send is reported, so its sender
   * knows to retry; other frames at most once a second.
   */
  refuse(isSend: boolean): FloodVerdict {
    const now = Date.now();
    if (now - this.dropped.since > FLOOD_WINDOW_MS) this.dropped = { count: 0, since: now, reported: 0 };
    this.dropped.count++;
    if (this.dropped.count > this.burst) return 'close';
    if (!isSend && now - this.dropped.reported < REPORT_EVERY_MS) return 'drop';
    this.dropped.reported = now;
    return 'report';
  }

  /** How long until the next frame would be admitted. */
  retryAfterMs(): number {
    return this.bucket.retryAfterMs();
  }
}
