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

/** What a {@link ReconnectingSocket} needs: where, with what, and whom to tell. */
export interface ReconnectingSocketOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  onOpen(): void;
  onMessage(data: unknown): void;
  /** The socket closed (or an attempt failed); called before any next attempt is planned. */
  onClose(code: number): void;
  /** Whether to try again after a close with this code; false ends the socket. */
  shouldReconnect(code: number): boolean;
}

/** The first step of the backoff: the first retry comes after 0.25 to 0.5 s. */
export const MIN_RECONNECT_DELAY_MS = 500;
/** The cap: no wait between two attempts is longer, so a chat is back within 5 s of its server. */
export const MAX_RECONNECT_DELAY_MS = 5000;
const GROWTH = 1.5;
/** An attempt that has not opened by then is abandoned and counts as a failure. */
const OPEN_TIMEOUT_MS = 4000;
/** A connection that stayed open this long resets the backoff. */
const STABLE_MS = 5000;

/** One WebSocket at a time that opens again after it drops. Its methods need no `this`. */
export interface ReconnectingSocket {
  /** Sends on the current socket; the connection sends only once it is ready. */
  send(this: void, data: string): void;
  /**
   * Drops the current socket (if any) and tries again now, with the backoff reset; a retry that
   * was waiting is cancelled, so there is never more than one attempt.
   */
  reconnect(this: void): void;
  /** Closes for good. */
  close(this: void): void;
}

/**
 * Opens a socket and keeps one open. After a close it waits a step of the backoff, 0.5 s growing
 * by 1.5× per failed attempt up to {@link MAX_RECONNECT_DELAY_MS} (reset once a connection stays
 * open 5 s), unless `shouldReconnect` says the close was final. Each wait is a random 50 to 100 %
 * of its step: after a server restart every client would otherwise come back in the same instant.
 * Sending while no socket is open is the caller's to prevent; this keeps no queue, so nothing can
 * go out ahead of the connection's `hello`.
 *
 * @example
 * const socket = reconnectingSocket({ url: 'wss://chat.example/ws', WebSocket, onOpen, onMessage, onClose, shouldReconnect: () => true });
 */
export function reconnectingSocket(options: ReconnectingSocketOptions): ReconnectingSocket {
  let current: WebSocketLike | undefined;
  let failures = 0;
  let ended = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    clearTimeout(retry);
    const socket = (current = new options.WebSocket(options.url));
    let openedAt = 0;
    const abandon = setTimeout(() => socket.close(), OPEN_TIMEOUT_MS);
    socket.addEventListener('open', () => {
      clearTimeout(abandon);
      if (socket !== current) return;
      openedAt = Date.now();
      options.onOpen();
    });
    socket.addEventListener('message', (event) => socket === current && options.onMessage((event as { data: unknown }).data));
    // Without a listener, ws (Node) throws a failed handshake's error; the close that follows is what counts.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', (event) => {
      clearTimeout(abandon);
      if (socket !== current) return;
      current = undefined;
      const { code } = event as { code: number };
      // A drop after a stable connection is a first failure again.
      failures = openedAt && Date.now() - openedAt >= STABLE_MS ? 1 : failures + 1;
      options.onClose(code);
      if (ended || !options.shouldReconnect(code)) return;
      const step = Math.min(MAX_RECONNECT_DELAY_MS, MIN_RECONNECT_DELAY_MS * GROWTH ** (failures - 1));
      retry = setTimeout(connect, step * (1 - Math.random() / 2));
    });
  };

  /** Forgets the current socket (its close no longer counts) and closes it. */
  const drop = () => {
    const socket = current;
    current = undefined;
    if (socket) options.onClose(1000);
    socket?.close();
  };

  connect();
  return {
    send: (data) => current?.send(data),
    reconnect() {
      failures = 0;
      drop();
      connect();
    },
    close() {
      ended = true;
      clearTimeout(retry);
      drop();
    },
  };
}
