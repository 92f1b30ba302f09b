import { type ReadableAtom, atom, onMount } from 'nanostores';
import type { ChannelStatus, ChatChannel, ChatMessage } from './chat-channel.js';
import type { ChatApiError, ChatSocketError } from './errors.js';
import type { Outbox } from './outbox.js';
import type { ClientFrame, Message, ServerFrameOf, User } from './protocol/frames.js';
import { takeRun } from './protocol/seq-reorder.js';
import type { Request } from './rest.js';
import { MESSAGE, MESSAGE_PAGE } from './rest-shapes.js';

/** What a channel needs from its client. */
export interface ChannelContext {
  request: Request;
  outbox: Outbox;
  /** Sends a frame if the socket is ready. */
  send(frame: ClientFrame): boolean;
  /** The channel is watched: subscribe it now and after every reconnect. */
  watch(channel: ChannelStore): void;
  unwatch(channel: ChannelStore): void;
  user(): User | null;
  report(error: Error): void;
  windowSize: number;
}

const PAGE = 50;
const IDLE: ChannelStatus = { state: 'idle', hasOlder: false, hasNewer: false };
const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2000;
/** The stored state under each row shown while its edit or delete is in flight. */
const storedStates = new WeakMap<Message, Message>();

/**
 * The client's side of a {@link ChatChannel}: the public stores and verbs, plus what the client
 * calls as frames arrive (`subscribed`, `accept`, `present`…). Internal: the package exports only
 * the interface.
 *
 * @example
 * const channel = new ChannelStore('c_general', context);
 * channel.accept(message);
 */
export class ChannelStore implements ChatChannel {
  /** The rows to show, oldest first: stored messages, then the user's pending and failed sends. */
  readonly $messages: ReadableAtom<readonly ChatMessage[]>;
  readonly #status = atom<ChannelStatus>(IDLE);
  /** Loading state and whether there is more history either way. */
  readonly $status: ReadableAtom<ChannelStatus> = this.#status;
  readonly #typists = atom<readonly User[]>([]);
  /** Who is typing in the channel now, the user excepted. */
  readonly $typing: ReadableAtom<readonly User[]> = this.#typists;
  readonly #present = atom<readonly User[]>([]);
  /** Who has the channel open now, the user included, while it is watched. */
  readonly $present: ReadableAtom<readonly User[]> = this.#present;

  readonly #window = atom<readonly Message[]>([]);
  /**
   * New messages and changes that arrived ahead of a gap in the channel's seq line, by the seq they
   * took, held until the gap is filled.
   */
  readonly #ahead = new Map<number, Message>();
  #atHead = true;
  #loaded = false;
  #loading: Promise<void> | undefined;
  /** The channel's seq line: every new message and change up to this seq is applied. */
  #seq = 0;
  /** A `subscribe {afterSeq}` is out to fill a gap. */
  #filling = false;
  #loadingOlder: Promise<void> | undefined;
  /** The subscribe that goes out again once a rate-limited one may be retried. */
  #resubscribe: ReturnType<typeof setTimeout> | undefined;
  #typingSentAt = 0;
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  readonly #context: ChannelContext;

  constructor(
    /** The channel's id. */
    readonly id: string,
    context: ChannelContext,
  ) {
    this.#context = context;
    const rows = atom<readonly ChatMessage[]>([]);
    // Rows are the window plus this channel's own pending sends. The client removes a pending
    // send before it adds the stored message, so no listener ever sees a message twice.
    const refresh = () => rows.set([...this.#window.get(), ...context.outbox.$entries.get().filter((entry) => entry.channelId === id)]);
    this.$messages = rows;
    onMount(rows, () => {
      const unbind = [this.#window.listen(refresh), context.outbox.$entries.listen(refresh)];
      refresh();
      context.watch(this);
      return () => {
        for (const stop of unbind) stop();
        context.unwatch(this);
        this.#release();
      };
    });
  }

  /**
   * Sends a message: it shows at once as pending, and becomes the stored message when the server
   * acknowledges it. Sends made while offline wait for the connection. Rejects with
   * `ChatSocketError` when the server refuses it; the row then shows as failed.
   */
  send(content: string): Promise<Message> {
    return this.#context.outbox.add(this.id, content, this.#context.user());
  }

  /** Sends a failed message again. */
  retry(clientId: string): Promise<Message> {
    return this.#context.outbox.retry(clientId);
  }

  /** Removes a failed message. */
  discard(clientId: string): void {
    this.#context.outbox.discard(clientId);
  }

  /** Tells the others the user is typing (at most every two seconds, however often called). */
  typing(): void {
    const now = Date.now();
    if (now - this.#typingSentAt < TYPING_SENT_EVERY_MS) return;
    if (this.#context.send({ type: 'typing', channelId: this.id })) this.#typingSentAt = now;
  }

  /** Fetches the page before the oldest message held. */
  async loadOlder(): Promise<void> {
    const first = this.#window.get()[0];
    if (!first || first.seq <= 1) return;
    await (this.#loadingOlder ??= (async () => {
      try {
        const page = await this.#fetchPage({ before: first.seq, limit: PAGE });
        const current = this.#window.get();
        if (current[0] !== first) return;
        let next = [...page.messages.filter((message) => message.seq < first.seq), ...current];
        if (next.length > this.#context.windowSize) {
          // The window keeps its bound by letting go of the newest end; live messages then wait
          // until the reader comes back with jumpToLatest().
          next = next.slice(0, this.#context.windowSize);
          this.#atHead = false;
        }
        this.#window.set(next);
        this.#updateStatus('ready');
      } catch (error) {
        this.#failed(error);
      } finally {
        this.#loadingOlder = undefined;
      }
    })());
  }

  /** Drops the window and loads the newest page again (after paging far back). */
  async jumpToLatest(): Promise<void> {
    this.#atHead = true;
    this.#loaded = false;
    this.#window.set([]);
    await this.#loadLatest();
  }

  /**
   * Edits one of the user's own messages over REST. The row shows the new content at once, and
   * goes back to what it was if the server refuses; the promise then rejects with `ChatApiError`.
   */
  edit(messageId: string, content: string): Promise<Message> {
    return this.#change(messageId, 'patch', { content });
  }

  /**
   * Deletes a message over REST. The row shows as a tombstone at once, and comes back if the server
   * refuses; the promise then rejects with `ChatApiError`.
   */
  delete(messageId: string): Promise<Message> {
    return this.#change(messageId, 'delete');
  }

  /** The frame that subscribes this channel, resuming after the last seq applied. */
  subscribeFrame(): ClientFrame {
    return { type: 'subscribe', channelId: this.id, ...(this.#loaded && this.#atHead && { afterSeq: this.#seq }) };
  }

  /**
   * The server confirmed the subscription, with the current state of every message new or changed
   * since `afterSeq`. They cover the seq line up to `lastSeq`, or, when not `complete`, up to the
   * last one's version: then the channel asks again from there.
   */
  subscribed(frame: ServerFrameOf<'subscribed'>): void {
    this.#filling = false;
    // An incomplete answer holds at least one message.
    this.#seq = Math.max(this.#seq, frame.complete ? frame.lastSeq : versionOf(frame.missed.at(-1) as Message));
    if (!this.#loaded) return void this.#loadLatest();
    frame.missed.forEach((message) => this.#apply(message));
    this.#drainAhead(!frame.complete);
  }

  /** The server refused to subscribe the channel. */
  refused(error: ChatSocketError): void {
    this.#failed(error);
  }

  /**
   * The server refused a subscribe for now: it goes out again after `retryAfterMs` (kept between a
   * quarter second and half a minute). Meanwhile no other fill is asked for.
   */
  rateLimited(retryAfterMs = 1000): void {
    clearTimeout(this.#resubscribe);
    this.#resubscribe = setTimeout(
      () => (this.#filling = this.#context.send(this.subscribeFrame())),
      Math.min(Math.max(retryAfterMs, 250), 30_000),
    );
  }

  /** The connection dropped: nobody is known to be here, and the reconnect subscribes again anyway. */
  offline(): void {
    this.#present.set([]);
    clearTimeout(this.#resubscribe);
  }

  /** A message of this channel arrived or changed (live, acknowledged, or as a confirmation). */
  accept(message: Message): void {
    this.#stopTyping(message.author.id);
    if (!this.#atHead) return this.#apply(message);
    // Held by the seq it took, applied in seq order: what is at or below the seq line is already shown.
    this.#ahead.set(versionOf(message), message);
    this.#drainAhead();
  }

  /** The server says who has the channel open. */
  present(users: readonly User[]): void {
    this.#present.set(users);
  }

  /** Someone is typing. */
  typingBy(user: User): void {
    if (user.id === this.#context.user()?.id) return;
    clearTimeout(this.#typingTimers.get(user.id));
    this.#typingTimers.set(
      user.id,
      setTimeout(() => this.#stopTyping(user.id), TYPING_SHOWN_MS),
    );
    if (!this.#typists.get().some((typist) => typist.id === user.id)) this.#typists.set([...this.#typists.get(), user]);
  }

  #loadLatest(): Promise<void> {
    return (this.#loading ??= (async () => {
      this.#updateStatus('loading');
      try {
        const page = await this.#fetchPage({ limit: PAGE });
        this.#window.set(page.messages);
        // The page is the channel's state when it was read: at least the subscription's lastSeq,
        // and at least the newest change it shows. What is held ahead applies on top by version.
        this.#seq = Math.max(this.#seq, ...page.messages.map(versionOf));
        this.#loaded = true;
        this.#updateStatus('ready');
        this.#drainAhead();
      } catch (error) {
        this.#failed(error);
      } finally {
        this.#loading = undefined;
      }
    })());
  }

  /**
   * Applies what follows the seq line without a gap; a gap left behind is filled by subscribing
   * again after the last seq applied, which brings the current state of every message new or
   * changed since.
   */
  #drainAhead(more?: boolean): void {
    if (!this.#loaded) return;
    for (const message of takeRun(this.#ahead, this.#seq)) {
      this.#apply(message);
      this.#seq++;
    }
    if ((more || this.#ahead.size) && this.#atHead && !this.#filling) this.#filling = this.#context.send(this.subscribeFrame());
  }

  /**
   * Puts a message's state in the window: it replaces the row of the same id when its version is
   * newer, or, unless `replaceOnly`, becomes a new row when it is newer than the window's first.
   * Changes to messages outside the window are dropped.
   */
  #apply(message: Message, replaceOnly?: boolean): void {
    const rows = this.#window.get();
    const held = rows.find((row) => row.id === message.id);
    if (held) {
      if (versionOf(message) > versionOf(held)) this.#swap((row) => (row === held ? message : row));
    } else if (!replaceOnly && this.#atHead && !(rows[0] && message.seq < rows[0].seq)) {
      // Missed messages come in version order, so a new message may come after a newer one.
      this.#window.set([...rows, message].sort((a, b) => a.seq - b.seq).slice(-this.#context.windowSize));
      this.#updateStatus(this.#status.get().state);
    }
  }

  /** Shows a change at once, asks the server for it, and rolls it back when refused. */
  async #change(messageId: string, method: 'patch' | 'delete', body?: { content: string }): Promise<Message> {
    let shown: Message | undefined;
    // An edit shows its new content, a delete its tombstone; a refusal goes back to the last
    // stored state, which a shown row in flight remembers for the changes made on top of it.
    this.#swap((row) => {
      if (row.id !== messageId) return row;
      storedStates.set((shown = { ...row, ...(body ?? { content: '', deleted: true }) }), storedStates.get(row) ?? row);
      return shown;
    });
    try {
      const message = await this.#context.request(
        method,
        '/api/channels/{channelId}/messages/{messageId}',
        { path: { channelId: this.id, messageId }, body },
        MESSAGE,
      );
      this.#apply(message, true);
      return message;
    } catch (error) {
      // Unless a newer state of the message came meanwhile, it shows as it was.
      this.#swap((row) => (row === shown ? (storedStates.get(row) as Message) : row));
      this.#context.report(error as ChatApiError);
      throw error;
    }
  }

  #swap(change: (row: Message) => Message): void {
    this.#window.set(this.#window.get().map(change));
  }

  #fetchPage(query: { before?: number; after?: number; limit: number }) {
    return this.#context.request('get', '/api/channels/{id}/messages', { path: { id: this.id }, query }, MESSAGE_PAGE);
  }

  #updateStatus(state: ChannelStatus['state'], error?: Error): void {
    const first = this.#window.get()[0];
    this.#status.set({
      state,
      hasOlder: first !== undefined && first.seq > 1,
      hasNewer: !this.#atHead,
      ...(error && { error }),
    });
  }

  #failed(error: unknown): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    this.#updateStatus('error', reason);
    this.#context.report(reason);
  }

  #stopTyping(userId: string): void {
    clearTimeout(this.#typingTimers.get(userId));
    this.#typingTimers.delete(userId);
    const typists = this.#typists.get();
    const others = typists.filter((typist) => typist.id !== userId);
    if (others.length < typists.length) this.#typists.set(others);
  }

  /** Nobody watches the channel any more: keep nothing. */
  #release(): void {
    this.offline();
    this.#window.set([]);
    this.#ahead.clear();
    this.#loaded = false;
    this.#atHead = true;
    this.#seq = 0;
    this.#typingTimers.forEach((timer) => clearTimeout(timer));
    this.#typingTimers.clear();
    this.#typists.set([]);
    this.#status.set(IDLE);
  }
}

/** The seq of a message's latest change (its own seq until it changes, or from an older server). */
const versionOf = (message: Message): number => message.version ?? message.seq;
