import { CloseCode, PROTOCOL_VERSION, helloFrame } from '@hearth/sdk/protocol';
import type { WebSocket } from 'ws';
import type { Identity } from '../services/auth-service.js';
import { ChatError } from '../services/chat-error.js';

// setTimeout cannot wait longer than this; a token that lives longer is re-checked when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of a {@link Handshake}. */
export interface HandshakeOptions {
  /** How long a socket may wait before its `hello`. */
  helloTimeoutMs: number;
  /** How many frames may be pipelined behind `hello` while its token is verified. */
  maxQueued: number;
  verify(token: string): Promise<Identity>;
}

/** What a {@link Handshake} does to its socket. */
export interface HandshakeLinks {
  isOpen(): boolean;
  close(code: number, reason: string): void;
  /** The token is good: the socket is ready, and `queued` are the frames that came behind `hello`. */
  ready(identity: Identity, queued: WebSocket.RawData[]): void;
}

/**
 * A socket's authentication: `hello {token, protocol}` must come first and in time; the token is
 * verified while later frames wait, and the socket is closed with 4401 when the token expires.
 */
export class Handshake {
  private timer: NodeJS.Timeout | undefined;
  private queued: WebSocket.RawData[] | undefined;

  constructor(
    private readonly options: HandshakeOptions,
    private readonly links: HandshakeLinks,
  ) {
    this.timer = setTimeout(() => links.close(CloseCode.tokenInvalid, 'hello not received in time'), options.helloTimeoutMs);
  }

  /** Whether a `hello` is being verified, so frames behind it are to be {@link hold held}. */
  get verifying(): boolean {
    return this.queued !== undefined;
  }

  /** Keeps a frame pipelined behind `hello` instead of losing it; false when too many wait. */
  hold(data: WebSocket.RawData): boolean {
    if (!this.queued || this.queued.length >= this.options.maxQueued) return false;
    this.queued.push(data);
    return true;
  }

  /** Takes the first frame of the socket, which must be a valid `hello`. */
  receiveHello(value: unknown): void {
    const parsed = helloFrame.safeParse(value);
    if (!parsed.success) {
      const { type, protocol } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      if (type === 'hello' && protocol !== undefined && protocol !== PROTOCOL_VERSION) {
        return this.links.close(CloseCode.policyViolation, `unsupported protocol version; this server speaks ${PROTOCOL_VERSION}`);
      }
      return this.links.close(CloseCode.tokenInvalid, 'expected hello {token, protocol} as the first frame');
    }
    clearTimeout(this.timer);
    const queued: WebSocket.RawData[] = [];
    this.queued = queued;
    this.options.verify(parsed.data.token).then(
      (identity) => {
        this.queued = undefined;
        if (!this.links.isOpen()) return;
        this.scheduleExpiry(identity.expiresAt);
        this.links.ready(identity, queued);
      },
      (error: unknown) => {
        const reason = error instanceof ChatError ? error.message : 'token rejected';
        this.links.close(CloseCode.tokenInvalid, reason.slice(0, 120));
      },
    );
  }

  /** Stops the hello and expiry timers (the socket is closing). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private scheduleExpiry(expiresAt: number): void {
    const wait = expiresAt - Date.now();
    if (wait <= 0) return this.links.close(CloseCode.tokenInvalid, 'token expired');
    this.timer = setTimeout(() => this.scheduleExpiry(expiresAt), Math.min(wait, MAX_TIMER_MS));
  }
}
