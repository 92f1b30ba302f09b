import { type ReadableAtom, atom } from 'nanostores';
import { ChatSocketError } from './errors.js';
import { isServerFrame } from './protocol/guards.js';
import type { ClientFrame, ServerFrame, ServerFrameOf } from './protocol/frames.js';
import { type ReconnectingSocket, type WebSocketConstructor, reconnectingSocket } from './reconnecting-socket.js';

export type { WebSocketConstructor, WebSocketLike } from './reconnecting-socket.js';
import type { TokenSource } from './token-source.js';

/**
 * Where the socket stands. `connecting` until the first `ready`; `open` while authenticated;
 * `reconnecting` after a drop; `offline` while the browser reports no network; `closed` before
 * first use, after `close()`, and when the server refused the client for good.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

/** What a {@link Connection} needs. */
export interface ConnectionOptions {
  /** `ws(s)://host/ws`. */
  url: string;
  WebSocket: WebSocketConstructor | undefined;
  tokens: TokenSource;
  /** Called on every `ready`: the place to re-subscribe and flush queued sends, in that order. */
  onReady(frame: ServerFrameOf<'ready'>): void;
  onFrame(frame: ServerFrame): void;
  /** The client gave up (the token was refused for good, or the protocol is not spoken). */
  onFatal(error: ChatSocketError): void;
  /** An extra check of every frame (the opt-in zod validation). */
  validate?: ((frame: unknown) => boolean) | undefined;
}

const HEARTBEAT_MS = 25_000;
const PONG_WAIT_MS = 10_000;
const TOKEN_INVALID = 4401;
const POLICY = 1008;

/** The one reconnecting socket of a client, made by {@link createConnection}; its methods need no `this`. */
export interface Connection {
  /** Where the socket stands. */
  readonly $state: ReadableAtom<ConnectionState>;
  /** Opens the socket if it is not open or opening already. */
  start(this: void): void;
  /** Opens a new socket now, skipping the backoff's wait; starts a closed connection. */
  reconnect(this: void): void;
  /** Sends a frame if the connection is ready; false when it is not (the caller keeps it). */
  send(this: void, frame: ClientFrame): boolean;
  /** Closes the socket for good (until `start` is called again). */
  close(this: void): void;
}

/**
 * Creates the {@link Connection} of a client. The connection decides what is sent when: `hello`
 * on open, the rest only after `ready` (the socket beneath keeps no queue of its own).
 */
export function createConnection(options: ConnectionOptions): Connection {
  const state = atom<ConnectionState>('closed');
  let socket: ReconnectingSocket | undefined;
  let ready = false;
  let everOpen = false;
  let refusals = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  /** The token the current socket said hello with. */
  let token: string | undefined;
  /** Counts opens and drops, so that a hello still waiting for its token when its socket was replaced is not sent on the next one. */
  let attempt = 0;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const isOffline = () => globalThis.navigator?.onLine === false;
  /** The state of a socket that is not ready: offline, or on its way to (back to) `open`. */
  const waitingState = (): ConnectionState => (isOffline() ? 'offline' : everOpen ? 'reconnecting' : 'connecting');

  const send = (frame: ClientFrame) => {
    if (!ready || !socket) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  const stopHeartbeat = () => {
    clearInterval(heartbeat);
    clearTimeout(pongTimer);
  };

  /** Pings, and gives the socket up for a new one unless the pong comes within PONG_WAIT_MS. */
  const probe = () => {
    if (!send({ type: 'ping' })) return;
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => socket?.reconnect(), PONG_WAIT_MS);
  };

  /**
   * The network came or went, or the page was shown or hidden. A socket that is not ready tries
   * now instead of waiting out the backoff (unless offline or hidden); a ready one checks it is
   * still alive, since a laptop that slept or changed network leaves a socket that looks open.
   */
  const woken = () => {
    if (!socket) return;
    if (ready) return probe();
    state.set(waitingState());
    if (!isOffline() && globalThis.document?.visibilityState !== 'hidden') socket.reconnect();
  };

  /** Adds or removes the listeners of the events after which the socket acts at once (browsers only). */
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    for (const type of ['online', 'offline']) globalThis[method]?.(type, woken);
    globalThis.document?.[method]('visibilitychange', woken);
  };

  const stop = () => {
    const closing = socket;
    socket = undefined;
    ready = false;
    stopHeartbeat();
    listen('removeEventListener');
    closing?.close();
    state.set('closed');
  };

  const fatal = (error: ChatSocketError) => {
    stop();
    options.onFatal(error);
  };

  const hello = async (opened: ReconnectingSocket, opening: number) => {
    try {
      token = await options.tokens.get();
      if (socket === opened && attempt === opening) opened.send(JSON.stringify({ type: 'hello', token, protocol: 1 }));
    } catch (error) {
      fatal(new ChatSocketError('unauthorized', `getToken failed: ${String(error)}`));
    }
  };

  const receive = (data: unknown) => {
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      frame = undefined;
    }
    if (!isServerFrame(frame) || (options.validate && !options.validate(frame))) {
      console.warn('[hearth] ignored a frame the client does not understand', data);
    } else if (frame.type === 'ready') {
      ready = everOpen = true;
      refusals = 0;
      state.set('open');
      stopHeartbeat();
      heartbeat = setInterval(probe, HEARTBEAT_MS);
      options.onReady(frame);
    } else if (frame.type === 'pong') {
      clearTimeout(pongTimer);
    } else {
      options.onFrame(frame);
    }
  };

  /** Whether the socket may reconnect after a close with `code`; a refusal for good ends the client. */
  const shouldReconnect = (code: number) => {
    if (code === TOKEN_INVALID) {
      // One fresh token per refusal; a token refused twice in a row is not going to work.
      refusals++;
      options.tokens.invalidate(token);
      if (!options.tokens.refreshable || refusals > 1) {
        queueMicrotask(() => fatal(new ChatSocketError('unauthorized', 'the server refused the token')));
        return false;
      }
    }
    if (code === POLICY) {
      queueMicrotask(() => fatal(new ChatSocketError('policy', 'the server refused this client (protocol version)')));
      return false;
    }
    return true;
  };

  const dropped = () => {
    attempt++;
    ready = false;
    stopHeartbeat();
    if (socket && state.get() !== 'closed') state.set(waitingState());
  };

  const start = () => {
    if (socket) return;
    refusals = 0;
    everOpen = false;
    state.set(waitingState());
    // The constructor is looked up now, not at import, so a test's interceptor can stand in.
    const WebSocketClass: WebSocketConstructor | undefined = options.WebSocket ?? globalThis.WebSocket;
    if (!WebSocketClass) return fatal(new ChatSocketError('unsupported', 'no WebSocket here: pass one (in Node, WebSocket from ws)'));
    const opening: ReconnectingSocket = reconnectingSocket({
      url: options.url,
      WebSocket: WebSocketClass,
      onOpen: () => void hello(opening, ++attempt),
      onMessage: receive,
      onClose: dropped,
      shouldReconnect,
    });
    socket = opening;
    listen('addEventListener');
  };

  return {
    $state: state,
    start,
    reconnect: () => (socket ? socket.reconnect() : start()),
    send,
    close: stop,
  };
}
