import type { Logger } from 'pino';
import { WebSocket } from 'ws';

const SLOW_CONSUMER_GRACE_MS = 5000;

/**
 * Writes frames to a socket with a bound on what it has not taken yet. A peer whose unsent data
 * passes four times the bound, or stays over it for a few seconds, is a slow consumer: it is
 * dropped rather than let the server's memory grow without end.
 */
export class Outbound {
  private overBufferSince: number | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly log: Logger,
    /** Who the socket speaks for, for the log line when it is dropped. */
    private readonly who: () => string | undefined,
  ) {}

  /** Writes a frame's text, unless the socket is closed or is dropped for being too slow. */
  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const buffered = this.ws.bufferedAmount;
    const bound = this.maxBufferedBytes;
    if (buffered > bound) {
      const now = Date.now();
      this.overBufferSince ??= now;
      if (buffered > 4 * bound || now - this.overBufferSince > SLOW_CONSUMER_GRACE_MS) {
        this.log.warn({ user: this.who(), buffered }, 'dropping slow consumer');
        this.ws.terminate();
        return;
      }
    } else {
      this.overBufferSince = undefined;
    }
    this.ws.send(text);
  }
}
