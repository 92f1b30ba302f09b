import { type ClientFrame, type ClientFrameOf, CloseCode, ErrorCode, type ServerFrame } from '@hearth/sdk/protocol';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import type { Connection } from '../delivery/connection.js';
import type { Delivery, OpenedConnection } from '../delivery/delivery.js';
import type { User } from '../domain/types.js';
import { encodeFrame } from '../delivery/encode-frame.js';
import type { AuthService } from '../services/auth-service.js';
import { ChatError } from '../services/chat-error.js';
import { errorFrame } from './error-frame.js';
import { FloodControl } from './flood-control.js';
import { frameText, isSend, parseClientFrame, readJson, refOf } from './frame-parser.js';
import { Handshake } from './handshake.js';
import { type FrameStream, Outbound } from './outbound.js';
import type { Release } from './socket-caps.js';

/** RFC 6455's close code for a server that met a condition it could not handle; the client reconnects. */
const INTERNAL_ERROR = 1011;

/** The limits one socket is held to. */
export interface SessionLimits {
  framesPerSecond: number;
  frameBurst: number;
  helloTimeoutMs: number;
  maxBufferedBytes: number;
}

/** What a session needs from the server around it. */
export interface SessionDependencies {
  auth: Pick<AuthService, 'verify'>;
  delivery: Pick<Delivery, 'open'>;
  limits: SessionLimits;
  log: Logger;
  /** Counts the socket against its user's cap once authenticated; undefined when the user has too many open. */
  claimUser(userId: string): Release | undefined;
}

/**
 * One socket: `awaiting-hello` until a valid `hello` (see {@link Handshake}), then `ready`, handing
 * each frame to its {@link Connection} in the delivery core by its type. Errors in a frame answer
 * with an `error` frame and the socket lives on; only abuse (binary frames, floods, bad tokens, a
 * missing `hello`) closes it.
 */
export class Session {
  private connection: Connection | undefined;
  /** Frames that came while the connection was being opened, after the token was verified. */
  private opening: WebSocket.RawData[] | undefined;
  /** The frames' work under way; none (rather than an empty set kept by every idle socket) when there is none. */
  private inFlight: Set<Promise<unknown>> | undefined;
  private readonly handshake: Handshake;
  private readonly flood: FloodControl;
  private readonly outbound: Outbound;
  private stopped = false;
  private releaseUser: Release | undefined;
  /** Set by the gateway's heartbeat; a session that missed a pong is terminated. */
  alive = true;

  constructor(
    private readonly ws: WebSocket,
    /** The byte stream under `ws`, which the session's frames are written to in batches. */
    stream: FrameStream,
    private readonly deps: SessionDependencies,
  ) {
    const { limits, log } = deps;
    this.flood = new FloodControl(limits.framesPerSecond, limits.frameBurst);
    this.outbound = new Outbound(ws, stream, limits.maxBufferedBytes, log, () => this.connection?.user.id);
    this.handshake = new Handshake(
      { helloTimeoutMs: limits.helloTimeoutMs, maxQueued: limits.frameBurst, verify: (token) => deps.auth.verify(token) },
      {
        isOpen: () => ws.readyState === WebSocket.OPEN,
        close: (code, reason) => this.close(code, reason),
        ready: (identity, queued) => {
          const release = deps.claimUser(identity.user.id);
          if (!release) return this.close(CloseCode.tooManySockets, 'too many sockets for this user');
          this.releaseUser = release;
          this.opening = queued;
          void this.open(identity.user);
        },
      },
    );
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.dispose());
    ws.on('error', (error) => deps.log.debug({ err: error }, 'socket error'));
  }

  /** Stops taking frames and resolves once every write already under way has been acknowledged. */
  async drain(): Promise<void> {
    this.stopped = true;
    while (this.inFlight) await Promise.allSettled([...this.inFlight]);
  }

  /** Closes the socket with a code and a reason (at most 123 bytes), after the frames already queued. */
  close(code: number, reason: string): void {
    this.handshake.stop();
    this.outbound.flush();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  /** Calls `listener` once the socket is closed. */
  onClosed(listener: () => void): void {
    if (this.ws.readyState === WebSocket.CLOSED) listener();
    else this.ws.once('close', listener);
  }

  /** Cuts the connection without a closing handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  /** Pings the peer for the heartbeat. */
  ping(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  /**
   * Opens the connection in the delivery core, then sends `ready` with the read states and the
   * frames the core held meanwhile, then handles the frames that came behind `hello`.
   */
  private async open(user: User): Promise<void> {
    let opened: OpenedConnection;
    try {
      opened = await this.deps.delivery.open(user, { deliver: (frame) => this.outbound.send(frame) });
    } catch (error) {
      this.deps.log.error({ err: error }, 'could not open a connection');
      return this.close(INTERNAL_ERROR, 'internal error; reconnect later');
    }
    if (this.ws.readyState !== WebSocket.OPEN) return opened.connection.close();
    this.connection = opened.connection;
    this.send({ type: 'ready', user, readStates: opened.readStates, memberships: opened.memberships });
    opened.connection.release();
    const queued = this.opening ?? [];
    this.opening = undefined;
    for (const data of queued) this.receive(data, false);
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.stopped) return;
    if (isBinary) return this.close(CloseCode.unsupportedData, 'binary frames are not supported');
    if (this.opening) {
      if (this.opening.length >= this.deps.limits.frameBurst) this.close(CloseCode.flood, 'too many frames');
      else this.opening.push(data);
      return;
    }
    if (this.handshake.verifying) {
      if (!this.handshake.hold(data)) this.close(CloseCode.flood, 'too many frames');
      return;
    }
    const value = readJson(frameText(data));
    if (!this.connection) return this.handshake.receiveHello(value);
    // Counted before the frame is judged, so a flood of bad frames is still a flood.
    if (!this.flood.admit()) return this.refuseFlood(value);
    const parsed = parseClientFrame(value);
    if (!parsed.ok) return this.sendError(parsed.error, parsed.ref);
    this.dispatch(parsed.frame, this.connection);
  }

  private dispatch(frame: ClientFrame, connection: Connection): void {
    switch (frame.type) {
      case 'hello':
        return this.sendError(new ChatError(ErrorCode.invalidFrame, 'already authenticated', { field: 'type' }));
      case 'subscribe':
        return this.track(connection.subscribe(frame.channelId, frame.afterSeq), frame.channelId);
      case 'unsubscribe':
        return connection.unsubscribe(frame.channelId);
      case 'send':
        return this.track(this.post(connection, frame));
      case 'edit':
        return this.track(
          connection.edit(frame.channelId, frame.messageId, frame).then(() => undefined),
          frame.messageId,
        );
      case 'delete':
        return this.track(
          connection.delete(frame.channelId, frame.messageId).then(() => undefined),
          frame.messageId,
        );
      case 'react':
      case 'unreact':
        return this.track(
          connection.react(frame.channelId, frame.messageId, frame.emoji, frame.type === 'react').then(() => undefined),
          frame.messageId,
        );
      case 'read':
        return this.track(connection.markRead(frame.channelId, frame.seq), frame.channelId);
      case 'typing':
        return this.track(connection.typing(frame.channelId), frame.channelId);
      case 'watch_members':
      case 'unwatch_members':
        return connection.watchMembers(frame.serverId, frame.type === 'watch_members');
      case 'ping':
        return this.send({ type: 'pong' });
    }
  }

  private async post(connection: Connection, frame: ClientFrameOf<'send'>): Promise<void> {
    try {
      const { message, thread } = await connection.post(frame.channelId, frame);
      this.send({ type: 'ack', clientId: frame.clientId, message, ...(thread && { thread }) });
    } catch (error) {
      this.sendError(error, frame.clientId);
    }
  }

  private refuseFlood(value: unknown): void {
    const verdict = this.flood.refuse(isSend(value));
    if (verdict === 'drop') return;
    if (verdict === 'close') {
      // Sends accepted before the flood still get their acks, so the client knows what was stored.
      void this.drain().then(() => this.close(CloseCode.flood, 'too many frames'));
      return;
    }
    this.sendError(
      new ChatError(ErrorCode.rateLimited, 'too many frames; slow down', { retryAfterMs: this.flood.retryAfterMs() }),
      refOf(value),
    );
  }

  /** Keeps a frame's work until it is done, so {@link drain} can wait for it; a refusal becomes an `error` frame. */
  private track(work: Promise<void>, ref?: string): void {
    const handled = work.catch((error: unknown) => this.sendError(error, ref));
    const inFlight = (this.inFlight ??= new Set());
    inFlight.add(handled);
    void handled.finally(() => {
      inFlight.delete(handled);
      if (inFlight.size === 0 && this.inFlight === inFlight) this.inFlight = undefined;
    });
  }

  private sendError(error: unknown, ref?: string): void {
    this.send(errorFrame(error, ref, this.deps.log));
  }

  private send(frame: ServerFrame): void {
    this.outbound.send(encodeFrame(frame));
  }

  private dispose(): void {
    this.handshake.stop();
    this.connection?.close();
    this.releaseUser?.();
  }
}
