import {
  type ClientFrameOf,
  CloseCode,
  ErrorCode,
  PROTOCOL_VERSION,
  type ServerFrame,
  clientFrame,
  helloFrame,
} from '@hearth/sdk/protocol';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import type { Config } from '../config.js';
import type { User } from '../domain/types.js';
import { TokenBucket } from '../rate-limit/token-bucket.js';
import { ChatError } from '../services/chat-error.js';
import type { Services } from '../services/services.js';
import type { ChannelHub, HubDelivery, HubSubscriber } from './channel-hub.js';

const CLIENT_FRAME_TYPES = new Set(['hello', 'subscribe', 'unsubscribe', 'send', 'typing', 'ping']);
const NOT_JSON = Symbol('not JSON');
const TYPING_INTERVAL_MS = 1500;
const FLOOD_WINDOW_MS = 10_000;
const SLOW_CONSUMER_GRACE_MS = 5000;
// setTimeout cannot wait longer than this; a token that lives longer is re-checked when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A channel this session watches. Until `subscribed` is sent, live messages wait in `held`. */
interface Subscription {
  held: HubDelivery[] | undefined;
  lastSeq: number;
  typingAt: number;
  /** The last `presence` frame sent, so the same list is not sent twice. */
  presence?: string;
}

/** What a session needs from the server around it. */
export interface SessionDependencies {
  services: Services;
  hub: ChannelHub;
  limits: Config['limits'];
  log: Logger;
}

/**
 * One socket: `awaiting-hello` until a valid `hello`, then `ready`, dispatching each frame by its
 * type. Errors in a frame answer with an `error` frame and the socket lives on; only abuse
 * (binary frames, floods, bad tokens, a missing `hello`) closes it.
 */
export class Session implements HubSubscriber {
  private user: User | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private admissions: Promise<unknown> = Promise.resolve();
  private readonly bucket: TokenBucket;
  private dropped = { count: 0, since: 0, reported: 0 };
  private overBufferSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private verifying: WebSocket.RawData[] | undefined;
  /** Set by the gateway's heartbeat; a session that missed a pong is terminated. */
  alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDependencies,
  ) {
    this.bucket = new TokenBucket(deps.limits.framesPerSecond, deps.limits.frameBurst);
    this.timer = setTimeout(() => this.close(CloseCode.tokenInvalid, 'hello not received in time'), deps.limits.helloTimeoutMs);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.dispose());
    ws.on('error', (error) => deps.log.debug({ err: error }, 'socket error'));
  }

  /** Stops taking frames and resolves once every write already under way has been acknowledged. */
  async drain(): Promise<void> {
    this.stopped = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Closes the socket with a code and a reason (at most 123 bytes). */
  close(code: number, reason: string): void {
    clearTimeout(this.timer);
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

  deliver(channelId: string, delivery: HubDelivery): void {
    const subscription = this.subscriptions.get(channelId);
    if (!subscription) return;
    const { event } = delivery;
    if (subscription.held) {
      // Only the newest presence matters to a session that is still catching up.
      if (event.kind === 'presence') subscription.held = subscription.held.filter((held) => held.event.kind !== 'presence');
      subscription.held.push(delivery);
      return;
    }
    if (event.kind === 'message') {
      if (event.message.seq <= subscription.lastSeq) return;
      subscription.lastSeq = event.message.seq;
    } else if (event.kind === 'typing' && event.user.id === this.user?.id) {
      return;
    } else if (event.kind === 'presence') {
      if (delivery.frame === subscription.presence) return;
      subscription.presence = delivery.frame;
    }
    this.sendText(delivery.frame);
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.stopped) return;
    if (isBinary) return this.close(CloseCode.unsupportedData, 'binary frames are not supported');
    if (this.verifying) {
      // Frames pipelined behind `hello` wait for its verification instead of being lost.
      if (this.verifying.length >= this.deps.limits.frameBurst) return this.close(CloseCode.flood, 'too many frames');
      this.verifying.push(data);
      return;
    }
    let value: unknown = NOT_JSON;
    try {
      value = JSON.parse(data.toString());
    } catch {
      // reported below, once the frame is known not to be a flood
    }
    if (!this.user) return this.receiveHello(value);
    if (!this.bucket.take()) return this.refuseFlood(value);
    if (value === NOT_JSON) return this.sendError(new ChatError(ErrorCode.invalidJson, 'frame is not valid JSON'));
    const parsed = clientFrame.safeParse(value);
    if (!parsed.success) return this.sendError(frameError(value, parsed.error.issues[0]), refOf(value));
    const frame = parsed.data;
    switch (frame.type) {
      case 'hello':
        return this.sendError(new ChatError(ErrorCode.invalidFrame, 'already authenticated', { field: 'type' }));
      case 'subscribe':
        return void this.track(this.subscribe(frame));
      case 'unsubscribe':
        return this.unsubscribe(frame.channelId);
      case 'send':
        return void this.track(this.post(frame));
      case 'typing':
        return void this.track(this.typing(frame.channelId));
      case 'ping':
        return this.send({ type: 'pong' });
    }
  }

  private receiveHello(value: unknown): void {
    const parsed = helloFrame.safeParse(value);
    if (!parsed.success) {
      const { type, protocol } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      if (type === 'hello' && protocol !== undefined && protocol !== PROTOCOL_VERSION) {
        return this.close(CloseCode.policyViolation, `unsupported protocol version; this server speaks ${PROTOCOL_VERSION}`);
      }
      return this.close(CloseCode.tokenInvalid, 'expected hello {token, protocol} as the first frame');
    }
    clearTimeout(this.timer);
    const queued: WebSocket.RawData[] = [];
    this.verifying = queued;
    this.deps.services.auth.verify(parsed.data.token).then(
      (identity) => {
        this.verifying = undefined;
        if (this.ws.readyState !== WebSocket.OPEN) return;
        this.user = identity.user;
        this.scheduleExpiry(identity.expiresAt);
        this.send({ type: 'ready', user: identity.user });
        for (const data of queued) this.receive(data, false);
      },
      (error: unknown) => {
        const reason = error instanceof ChatError ? error.message : 'token rejected';
        this.close(CloseCode.tokenInvalid, reason.slice(0, 120));
      },
    );
  }

  private scheduleExpiry(expiresAt: number): void {
    const wait = expiresAt - Date.now();
    if (wait <= 0) return this.close(CloseCode.tokenInvalid, 'token expired');
    this.timer = setTimeout(() => this.scheduleExpiry(expiresAt), Math.min(wait, MAX_TIMER_MS));
  }

  private async subscribe(frame: ClientFrameOf<'subscribe'>): Promise<void> {
    const user = this.requireUser();
    const { channelId } = frame;
    const subscription: Subscription = { held: [], lastSeq: 0, typingAt: 0 };
    this.subscriptions.set(channelId, subscription);
    // An unsubscribe, a newer subscribe or a closed socket while this one waits makes it moot.
    const current = () => this.subscriptions.get(channelId) === subscription;
    try {
      // Checked before joining, so a stranger cannot make this process listen to any channel id.
      await this.deps.services.messages.requireReadable(user, channelId);
      if (!current()) return;
      // Joined before reading what was missed: from here on, live messages wait in `held`.
      await this.deps.hub.join(channelId, this, user);
      if (!current()) {
        // Unsubscribed while joining: leave again, or the hub would keep this session for good.
        if (!this.subscriptions.has(channelId)) this.deps.hub.leave(channelId, this);
        return;
      }
      const { missed, complete, lastSeq } = await this.deps.services.messages.missedSince(user, channelId, frame.afterSeq);
      if (!current()) return;
      const held = subscription.held ?? [];
      subscription.held = undefined;
      // A client ahead of the server (a restored database) must not have live messages hidden from it.
      subscription.lastSeq = missed.at(-1)?.seq ?? Math.min(frame.afterSeq ?? 0, lastSeq);
      this.send({ type: 'subscribed', channelId, missed, complete, lastSeq });
      for (const delivery of held) this.deliver(channelId, delivery);
    } catch (error) {
      if (current()) {
        this.subscriptions.delete(channelId);
        this.deps.hub.leave(channelId, this);
      }
      this.sendError(error, channelId);
    }
  }

  private unsubscribe(channelId: string): void {
    if (this.subscriptions.delete(channelId)) this.deps.hub.leave(channelId, this);
    this.send({ type: 'unsubscribed', channelId });
  }

  private async post(frame: ClientFrameOf<'send'>): Promise<void> {
    const { messages } = this.deps.services;
    const user = this.requireUser();
    // Each send is admitted (its checks may wait on the database) only after the previous one was
    // admitted and queued for storage, so one socket's sends get seqs in the order it sent them.
    // The chain does not wait for commits: those still go out in groups.
    const queued = this.admissions.then(async () => ({ stored: messages.store(await messages.admit(user, frame.channelId, frame)) }));
    this.admissions = queued.catch(() => undefined);
    try {
      const { message } = await (await queued).stored;
      this.send({ type: 'ack', clientId: frame.clientId, message });
    } catch (error) {
      this.sendError(error, frame.clientId);
    }
  }

  private async typing(channelId: string): Promise<void> {
    const subscription = this.subscriptions.get(channelId);
    const now = Date.now();
    if (subscription && now - subscription.typingAt < TYPING_INTERVAL_MS) return;
    if (subscription) subscription.typingAt = now;
    try {
      await this.deps.services.messages.typing(this.requireUser(), channelId);
    } catch (error) {
      this.sendError(error, channelId);
    }
  }

  private refuseFlood(value: unknown): void {
    const now = Date.now();
    if (now - this.dropped.since > FLOOD_WINDOW_MS) this.dropped = { count: 0, since: now, reported: 0 };
    this.dropped.count++;
    if (this.dropped.count > this.deps.limits.frameBurst) {
      // Sends accepted before the flood still get their acks, so the client knows what was stored.
      void this.drain().then(() => this.close(CloseCode.flood, 'too many frames'));
      return;
    }
    // Every refused send is reported, so its sender knows to retry; other frames once a second.
    const ref = refOf(value);
    const isSend = (value as { type?: unknown } | null)?.type === 'send';
    if (!isSend && now - this.dropped.reported < 1000) return;
    this.dropped.reported = now;
    this.sendError(
      new ChatError(ErrorCode.rateLimited, 'too many frames; slow down', { retryAfterMs: this.bucket.retryAfterMs() }),
      ref,
    );
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private requireUser(): User {
    if (!this.user) throw new Error('session is not authenticated');
    return this.user;
  }

  private sendError(error: unknown, ref?: string): void {
    if (!(error instanceof ChatError)) {
      this.deps.log.error({ err: error }, 'frame failed');
      error = new ChatError(ErrorCode.internal, 'the server failed to handle this frame');
    }
    const { code, message, details } = error as ChatError;
    this.send({
      type: 'error',
      code,
      message,
      ...(ref !== undefined && { ref }),
      ...(details.field !== undefined && { field: details.field }),
      ...(details.retryAfterMs !== undefined && { retryAfterMs: details.retryAfterMs }),
    });
  }

  private send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  private sendText(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const buffered = this.ws.bufferedAmount;
    const bound = this.deps.limits.maxBufferedBytes;
    if (buffered > bound) {
      const now = Date.now();
      this.overBufferSince ??= now;
      if (buffered > 4 * bound || now - this.overBufferSince > SLOW_CONSUMER_GRACE_MS) {
        this.deps.log.warn({ user: this.user?.id, buffered }, 'dropping slow consumer');
        return this.terminate();
      }
    } else {
      this.overBufferSince = undefined;
    }
    this.ws.send(text);
  }

  private dispose(): void {
    clearTimeout(this.timer);
    for (const channelId of this.subscriptions.keys()) this.deps.hub.leave(channelId, this);
    this.subscriptions.clear();
  }
}

function refOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { clientId, channelId } = value as { clientId?: unknown; channelId?: unknown };
  if (typeof clientId === 'string') return clientId;
  if (typeof channelId === 'string') return channelId;
  return undefined;
}

function frameError(value: unknown, issue: { path: PropertyKey[]; message: string } | undefined): ChatError {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new ChatError(ErrorCode.invalidFrame, 'a frame must be a JSON object with a type');
  }
  if (typeof type !== 'string' || !CLIENT_FRAME_TYPES.has(type)) {
    return new ChatError(ErrorCode.invalidFrame, `unknown frame type ${JSON.stringify(type ?? null)}`, { field: 'type' });
  }
  const field = issue?.path.map(String).join('.') || 'type';
  return new ChatError(ErrorCode.invalidFrame, `${type}.${field}: ${issue?.message ?? 'invalid'}`, { field });
}
