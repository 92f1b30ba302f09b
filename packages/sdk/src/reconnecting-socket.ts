import type { WebSocketConstructor, WebSocketLike } from './connection.js';

/** What a {@link ReconnectingSocket} needs: where, with what, and whom to tell. */
export interface ReconnectingSocketOptions {
  /** The URL of each attempt; a promise lets the caller wait before an attempt (jitter). */
  url(): string | Promise<string>;
  WebSocket: WebSocketConstructor;
  onOpen(): void;
  onMessage(data: unknown): void;
  /** The socket closed (or an attempt failed); called before any next attempt is planned. */
  onClose(code: number): void;
  /** Whether to try again after a close with this code; false ends the socket. */
  shouldReconnect(code: number): boolean;
}

/** The first wait after a drop, and the longest: a chat must come back promptly. */
export const MIN_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 10_000;
const GROWTH = 1.3;
/** An attempt that has not opened by then is abandoned and counts as a failure. */
const OPEN_TIMEOUT_MS = 4000;
/** A connection that stayed open this long resets the backoff. */
const STABLE_MS = 5000;

/** One WebSocket at a time that opens again after it drops. Its methods need no `this`. */
export interface ReconnectingSocket {
  /** Sends on the current socket; the connection sends only once it is ready. */
  send(this: void, data: string): void;
  /** Drops the current socket (if any) and tries again now, with the backoff reset. */
  reconnect(this: void): void;
  /** Closes for good. */
  close(this: void): void;
}

/**
 * Opens a socket and keeps one open: after a close it waits 0.5 s, growing by 1.3× per failed
 * attempt up to 10 s (reset once a connection stays open 5 s), unless `shouldReconnect` says the
 * close was final. Sending while no socket is open is the caller's to prevent; this class keeps
 * no queue, so nothing can go out ahead of the connection's `hello`.
 *
 * @example
 * const socket = reconnectingSocket({ url: () => 'wss://chat.example/ws', WebSocket, onOpen, onMessage, onClose, shouldReconnect: () => true });
 */
export function reconnectingSocket(options: ReconnectingSocketOptions): ReconnectingSocket {
  let current: WebSocketLike | undefined;
  let failures = 0;
  let ended = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every attempt, so an attempt still awaiting its URL knows it was overtaken. */
  let attempt = 0;

  const connect = async () => {
    clearTimeout(retry);
    const mine = ++attempt;
    const url = await options.url();
    if (ended || mine !== attempt) return;
    const socket = new options.WebSocket(url);
    current = socket;
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
      const delay = Math.min(MAX_RECONNECT_DELAY_MS, MIN_RECONNECT_DELAY_MS * GROWTH ** (failures - 1));
      retry = setTimeout(() => void connect(), delay);
    });
  };

  /** Forgets the current socket (its close no longer counts) and closes it. */
  const drop = () => {
    const socket = current;
    current = undefined;
    if (socket) options.onClose(1000);
    socket?.close();
  };

  void connect();
  return {
    send: (data) => current?.send(data),
    reconnect() {
      failures = 0;
      drop();
      void connect();
    },
    close() {
      ended = true;
      clearTimeout(retry);
      drop();
    },
  };
}
