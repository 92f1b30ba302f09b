import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { wireFrame } from './wire-frame.js';

const SLOW_CONSUMER_GRACE_MS = 5000;

/** The byte stream under a WebSocket, where whole frames are written. */
export interface FrameStream {
  write(chunk: Buffer): boolean;
}

/** Every outbound with frames waiting, written together once this turn of the event loop is over. */
const waiting = new Set<Outbound>();
let flushScheduled = false;

/**
 * The frames last joined into one buffer, and that buffer: the subscribers of a channel are sent
 * the same frames in the same order, so one join serves all of them.
 */
let lastJoined: { frames: Buffer[]; bytes: Buffer } | undefined;

function joined(frames: Buffer[], length: number): Buffer {
  if (frames.length === 1) return frames[0] as Buffer;
  const last = lastJoined;
  if (last && last.frames.length === frames.length && last.frames.every((frame, index) => frame === frames[index])) return last.bytes;
  const bytes = Buffer.concat(frames, length);
  lastJoined = { frames, bytes };
  return bytes;
}

function flushWaiting(): void {
  flushScheduled = false;
  for (const outbound of waiting) outbound.flush();
  waiting.clear();
  lastJoined = undefined;
}

/**
 * Writes frames to a socket, batched, with a bound on what it has not taken yet.
 *
 * The frames queued for one socket during a turn of the event loop (a group commit's messages,
 * their acks, presence) go out in one write of several WebSocket frames, not one write each:
 * each is still its own WebSocket message, so the protocol is unchanged. Frames are framed here
 * rather than by `ws`, since a frame's bytes are the same for every socket (see {@link wireFrame});
 * that holds because the gateway turns compression off. Control frames `ws` writes itself (pong,
 * ping, close) fall between whole frames.
 *
 * A peer whose unsent data passes four times the bound, or stays over it for a few seconds, is a
 * slow consumer: it is dropped rather than let the server's memory grow without end.
 */
export class Outbound {
  private overBufferSince: number | undefined;
  private queued: Buffer[] = [];
  private queuedBytes = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly stream: FrameStream,
    private readonly maxBufferedBytes: number,
    private readonly log: Logger,
    /** Who the socket speaks for, for the log line when it is dropped. */
    private readonly who: () => string | undefined,
  ) {}

  /**
   * Queues a frame's text for the end of this turn of the event loop, unless the socket is closed
   * or is dropped for being too slow.
   */
  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const buffered = this.ws.bufferedAmount + this.queuedBytes;
    const bound = this.maxBufferedBytes;
    if (buffered > bound) {
      const now = Date.now();
      this.overBufferSince ??= now;
      if (buffered > 4 * bound || now - this.overBufferSince > SLOW_CONSUMER_GRACE_MS) {
        this.log.warn({ user: this.who(), buffered }, 'dropping slow consumer');
        this.queued = [];
        this.queuedBytes = 0;
        this.ws.terminate();
        return;
      }
    } else {
      this.overBufferSince = undefined;
    }
    const wire = wireFrame(text);
    this.queued.push(wire);
    this.queuedBytes += wire.length;
    waiting.add(this);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushWaiting);
    }
  }

  /** Writes what is queued now, in one write; before a close frame, so that it follows them. */
  flush(): void {
    const frames = this.queued;
    if (frames.length === 0) return;
    const bytes = this.queuedBytes;
    this.queued = [];
    this.queuedBytes = 0;
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.stream.write(joined(frames, bytes));
  }
}
