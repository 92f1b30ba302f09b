import { type ReadableAtom, atom } from 'nanostores';
import ReconnectingWebSocket from 'partysocket/ws';
import { ChatSocketError } from './errors.js';
import { jitteredUrl } from './jittered-url.js';
import { isServerFrame } from './protocol/guards.js';
import type { ClientFrame, ServerFrame, User } from './protocol/frames.js';
import type { TokenSource } from './token-source.js';

/**
 * Where the socket stands. `connecting` until the first `ready`; `open` while authenticated;
 * `reconnecting` after a drop; `offline` while the browser reports no network; `closed` before
 * first use, after `close()`, and when the server refused the client for good.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

/** The part of a WebSocket the client uses; the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: SocketEventType, listener: SocketListener): void;
  removeEventListener(type: SocketEventType, listener: SocketListener): void;
}

type SocketEventType = 'open' | 'message' | 'close' | 'error';
/**
 * A listener of whatever event class the implementation passes: the DOM's, or ws's own. Written
 * as a method's type so that both classes' listener types fit it (methods compare bivariantly).
 */
type SocketListener = { listen(event: unknown): void }['listen'];

/** A WebSocket class: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** What a {@link Connection} needs. */
export interface ConnectionOptions {
  /** `ws(s)://host/ws`. */
  url: string;
  WebSocket: WebSocketConstructor | undefined;
  tokens: TokenSource;
  /** Called on every `ready`: the place to re-subscribe and flush queued sends, in that order. */
  onReady(user: User): void;
  onFrame(frame: ServerFrame): void;
  /** The client gave up (the token was refused for good, or the protocol is not spoken). */
  onFatal(error: ChatSocketError): void;
  /** An extra check of every frame (the opt-in zod validation). */
  validate?: ((frame: unknown) => boolean) | undefined;
  heartbeatMs?: number | undefined;
}

const PONG_WAIT_MS = 10_000;
const MAX_JITTER_MS = 1000;
const TOKEN_INVALID = 4401;
const POLICY = 1008;

/**
 * Owns the one reconnecting socket of a client. partysocket flushes its own queue before it
 * dispatches `open`, so queued frames would reach the server ahead of `hello`: its queue is off
 * (`maxEnqueuedMessages: 0`) and this class decides what is sent when: `hello` on open, the rest
 * only after `ready`.
 */
export class Connection {
  readonly #state = atom<ConnectionState>('closed');
  /** Where the socket stands. */
  readonly $state: ReadableAtom<ConnectionState> = this.#state;
  #socket: ReconnectingWebSocket | undefined;
  #ready = false;
  #everOpen = false;
  #refusals = 0;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  /** The token the current socket said hello with. */
  #token: string | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onNetwork = () => this.#networkChanged();

  readonly #options: ConnectionOptions;

  constructor(options: ConnectionOptions) {
    this.#options = options;
  }

  /** Whether frames other than `hello` may be sent now. */
  get isReady(): boolean {
    return this.#ready;
  }

  /** Opens the socket if it is not open or opening already. */
  start(): void {
    if (this.#socket) return;
    this.#refusals = 0;
    this.#everOpen = false;
    this.#state.set(this.#waitingState());
    // The constructor is looked up now, not at import, so a test's interceptor can stand in.
    const WebSocketClass: WebSocketConstructor | undefined = this.#options.WebSocket ?? globalThis.WebSocket;
    const socket = new ReconnectingWebSocket(jitteredUrl(this.#options.url, MAX_JITTER_MS), [], {
      WebSocket: WebSocketClass,
      startClosed: true,
      maxEnqueuedMessages: 0,
      minReconnectionDelay: 500,
      maxReconnectionDelay: 10_000,
      shouldReconnectOnClose: (event) => this.#shouldReconnect(event.code),
    });
    socket.addEventListener('open', () => void this.#hello(socket));
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', () => this.#dropped());
    this.#socket = socket;
    globalThis.addEventListener?.('online', this.#onNetwork);
    globalThis.addEventListener?.('offline', this.#onNetwork);
    socket.reconnect();
  }

  /** Sends a frame if the connection is ready; false when it is not (the caller keeps it). */
  send(frame: ClientFrame): boolean {
    if (!this.#ready || !this.#socket) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  /** Closes the socket for good (until `start` is called again). */
  close(): void {
    this.#stop('closed');
  }

  async #hello(socket: ReconnectingWebSocket): Promise<void> {
    try {
      const token = (this.#token = await this.#options.tokens.get());
      if (this.#socket === socket) socket.send(JSON.stringify({ type: 'hello', token, protocol: 1 }));
    } catch (error) {
      this.#fatal(new ChatSocketError('unauthorized', `getToken failed: ${String(error)}`));
    }
  }

  #receive(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      frame = undefined;
    }
    if (!isServerFrame(frame) || (this.#options.validate && !this.#options.validate(frame))) {
      console.warn('[hearth] ignored a frame the client does not understand', data);
      return;
    }
    if (frame.type === 'ready') {
      this.#ready = true;
      this.#everOpen = true;
      this.#refusals = 0;
      this.#state.set('open');
      this.#startHeartbeat();
      this.#options.onReady(frame.user);
    } else if (frame.type === 'pong') {
      clearTimeout(this.#pongTimer);
    } else {
      this.#options.onFrame(frame);
    }
  }

  #shouldReconnect(code: number): boolean {
    if (code === TOKEN_INVALID) {
      // One fresh token per refusal; a token refused twice in a row is not going to work.
      this.#refusals++;
      this.#options.tokens.invalidate(this.#token);
      if (!this.#options.tokens.refreshable || this.#refusals > 1) {
        queueMicrotask(() => this.#fatal(new ChatSocketError('unauthorized', 'the server refused the token')));
        return false;
      }
    }
    if (code === POLICY) {
      queueMicrotask(() => this.#fatal(new ChatSocketError('policy', 'the server refused this client (protocol version)')));
      return false;
    }
    return true;
  }

  #dropped(): void {
    this.#ready = false;
    this.#stopHeartbeat();
    if (this.#socket && this.#state.get() !== 'closed') {
      this.#state.set(this.#waitingState());
    }
  }

  #networkChanged(): void {
    if (!this.#socket || this.#ready) return;
    this.#state.set(this.#waitingState());
    // Back online: try now instead of waiting out the backoff.
    if (!this.#isOffline()) this.#socket.reconnect();
  }

  #isOffline(): boolean {
    return globalThis.navigator?.onLine === false;
  }

  /** What the connection is while it is not open: offline, or (re)connecting. */
  #waitingState(): ConnectionState {
    return this.#isOffline() ? 'offline' : this.#everOpen ? 'reconnecting' : 'connecting';
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    this.#heartbeat = setInterval(() => {
      if (!this.send({ type: 'ping' })) return;
      clearTimeout(this.#pongTimer);
      this.#pongTimer = setTimeout(() => this.#socket?.reconnect(), PONG_WAIT_MS);
    }, this.#options.heartbeatMs ?? 25_000);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#pongTimer);
  }

  #fatal(error: ChatSocketError): void {
    this.#stop('closed');
    this.#options.onFatal(error);
  }

  #stop(state: ConnectionState): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#ready = false;
    this.#stopHeartbeat();
    globalThis.removeEventListener?.('online', this.#onNetwork);
    globalThis.removeEventListener?.('offline', this.#onNetwork);
    socket?.close();
    this.#state.set(state);
  }
}
