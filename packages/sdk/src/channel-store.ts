import { type ReadableAtom, atom, onMount } from 'nanostores';
import {
  type ChannelStatus,
  type ChatChannel,
  type ChatMessage,
  type ChatThread,
  type SendOptions,
  type StoredMessage,
  IDLE_STATUS as IDLE,
} from './chat-channel.js';
import type { ChatSocketError } from './errors.js';
import type { Outbox } from './outbox.js';
import type { ClientFrame, Message, ReplyQuote, ServerFrame, ServerFrameOf, ThreadUpdate, User } from './protocol/frames.js';
import { takeRun } from './protocol/seq-reorder.js';
import type { Request } from './rest.js';
import { MESSAGE_PAGE } from './rest-shapes.js';
import { INTERNALS } from './internals.js';
import { mergeRow, newerState, quoteOf, requote, versionOf } from './window-rows.js';

/** What a channel needs from its client. */
export interface ChannelContext {
  request: Request;
  outbox: Outbox;
  /** Sends a frame if the socket is ready. */
  send(frame: ClientFrame): boolean;
  /** The client's listeners of every frame it understood (see `ClientInternals.frames`). */
  frames: Set<(frame: ServerFrame) => void>;
  /** The channel is watched: subscribe it now and after every reconnect. */
  watch(channel: ChannelStore): void;
  unwatch(channel: ChannelStore): void;
  user(): User | null;
  report(error: Error): void;
  windowSize: number;
}

/** A thread as its channel sees it: a {@link ChatThread} the channel tells of its replies and root. Internal. */
export interface ThreadOfChannel extends ChatThread {
  /** A reply of this thread was applied on the channel's seq line (new, or a new state of one). */
  merge(reply: StoredMessage): void;
  /** The root's state changed in the channel (an edit, a reaction, its thread summary). */
  root(message: StoredMessage): void;
  /** A reply held by the thread, for quoting. */
  held(messageId: string | undefined): StoredMessage | undefined;
  /** Changes held replies (a change shown at once, or rolled back). */
  swap: (change: (row: StoredMessage) => StoredMessage) => void;
}

/** What a channel shares with `@hearth/sdk/threads`, `/message-actions` and `/typing` under `INTERNALS`. Internal. */
export interface ChannelInternals {
  /** The channel's client: its REST call, its outbox, its user. */
  context: ChannelContext;
  /** The channel's threads by root id; the thread entry adds each it makes. */
  threads: Map<string, ThreadOfChannel>;
  /** The row of a message in the channel's window or one of its threads. */
  held: (messageId: string | undefined) => StoredMessage | undefined;
  /** The quote of a held message, for a pending reply. */
  quote: (messageId: string | undefined) => ReplyQuote | undefined;
  /** Puts the user's own state (`mentionsMe`) on a message read over REST. */
  own: (message: Message) => StoredMessage;
  /** Changes rows of the window and of the threads (a change shown at once, or rolled back). */
  swap: (change: (row: StoredMessage) => StoredMessage) => void;
  /** A message's state the server answered with replaces the row it has, if newer. */
  settle: (message: Message) => void;
}

const PAGE = 50;

/** What a live frame carried beside a message's state, used when its turn on the seq line comes. */
export interface Arrival {
  /** The thread summary a new thread reply left (`message` and `ack` frames). */
  thread?: ThreadUpdate | undefined;
  /** The state came in a broadcast `changed` frame, whose reactions say `me: false` for everyone. */
  broadcast?: boolean;
  /** The reaction added or removed, when the change is one. */
  reaction?: { emoji: string; userId: string; added: boolean } | undefined;
}
const arrivals = new WeakMap<Message, Arrival>();

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
  readonly #present = atom<readonly User[]>([]);
  /** Who has the channel open now, the user included, while it is watched: at most 50 of them (see `$presentCount`). */
  readonly $present: ReadableAtom<readonly User[]> = this.#present;
  readonly #presentCount = atom(0);
  /** How many have the channel open now, the user included, while it is watched; `$present` names the first of them. */
  readonly $presentCount: ReadableAtom<number> = this.#presentCount;

  readonly #window = atom<readonly StoredMessage[]>([]);
  /** The threads of this channel's roots that `@hearth/sdk/threads` made, by root id. */
  readonly #threads = new Map<string, ThreadOfChannel>();
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

  readonly #context: ChannelContext;
  /** What `@hearth/sdk/threads`, `/message-actions` and `/typing` use of the channel. Internal. */
  readonly [INTERNALS]: ChannelInternals;

  constructor(
    /** The channel's id. */
    readonly id: string,
    context: ChannelContext,
  ) {
    this.#context = context;
    this[INTERNALS] = {
      context,
      threads: this.#threads,
      held: (messageId) => this.#held(messageId),
      quote: (messageId) => this.#quote(messageId),
      own: (message) => this.#own(message),
      swap: (change) => {
        this.#window.set(this.#window.get().map(change));
        for (const thread of this.#threads.values()) thread.swap(change);
      },
      settle: (message) => this.#apply(message, true),
    };
    const rows = atom<readonly ChatMessage[]>([]);
    // Rows are the window plus this channel's own pending sends. The client removes a pending
    // send before it adds the stored message, so no listener ever sees a message twice.
    const refresh = () =>
      rows.set([...this.#window.get(), ...context.outbox.$entries.get().filter((entry) => entry.channelId === id && !entry.threadId)]);
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
  send(content: string, options: SendOptions = {}): Promise<Message> {
    return this.#context.outbox.add(this.id, content, this.#context.user(), { ...options, quote: this.#quote(options.replyTo) });
  }

  /** Replies to a message of the channel: `send(content, { replyTo: messageId })`. */
  reply(messageId: string, content: string): Promise<Message> {
    return this.send(content, { replyTo: messageId });
  }

  /** Sends a failed message again. */
  retry(clientId: string): Promise<Message> {
    return this.#context.outbox.retry(clientId);
  }

  /** Removes a failed message. */
  discard(clientId: string): void {
    this.#context.outbox.discard(clientId);
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
        let next = [...page.messages.filter((message) => message.seq < first.seq).map((message) => this.#own(message)), ...current];
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
   * Shows the history around `seq`: the window is replaced by the page around it unless the
   * message is held already; a page that reaches the newest message is live again.
   */
  async jumpTo(seq: number): Promise<void> {
    if (this.#window.get().some((message) => message.seq === seq)) return;
    this.#updateStatus('loading');
    try {
      const page = await this.#fetchPage({ around: seq, limit: PAGE });
      const messages = page.messages.map((message) => this.#own(message));
      this.#atHead = page.hasNewer !== true;
      this.#window.set(messages);
      if (this.#atHead) {
        this.#seq = Math.max(this.#seq, ...messages.map(versionOf));
        this.#loaded = true;
      }
      this.#updateStatus('ready');
      this.#drainAhead();
    } catch (error) {
      this.#failed(error);
    }
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
    for (const message of frame.missed) this.#apply(message);
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
    this.#presentCount.set(0);
    clearTimeout(this.#resubscribe);
  }

  /**
   * A message of this channel arrived or changed (live, acknowledged, or as a confirmation), with
   * what its frame said beside it.
   */
  accept(message: Message, arrival?: Arrival): void {
    if (arrival) arrivals.set(message, arrival);
    if (!this.#atHead) return this.#apply(message);
    // Held by the seq it took, applied in seq order: what is at or below the seq line is already shown.
    this.#ahead.set(versionOf(message), message);
    this.#drainAhead();
  }

  /** The server says who has the channel open: `count` users, of whom it names `users`. */
  present(users: readonly User[], count = users.length): void {
    this.#present.set(users);
    this.#presentCount.set(count);
  }

  #loadLatest(): Promise<void> {
    return (this.#loading ??= (async () => {
      this.#updateStatus('loading');
      try {
        const page = await this.#fetchPage({ limit: PAGE });
        this.#window.set(page.messages.map((message) => this.#own(message)));
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
   * Puts a message's state where it shows: a thread reply in its thread, any other in the window,
   * where it replaces the row of the same id when its version is newer, or, unless `replaceOnly`,
   * becomes a new row when it is newer than the window's first. Changes to messages outside the
   * window are dropped. Rows quoting it follow an edit or a delete.
   */
  #apply(incoming: Message, replaceOnly?: boolean): void {
    const arrival = arrivals.get(incoming);
    const message = this.#own(incoming, arrival);
    if (arrival?.thread) this.#summarize(arrival.thread);
    if (message.threadId) return this.#threads.get(message.threadId)?.merge(message);
    const rows = this.#window.get();
    const held = rows.find((row) => row.id === message.id);
    if (held) {
      const next = newerState(held, message);
      if (next !== held) this.#window.set(requote(rows, next).map((row) => (row === held ? next : row)));
    } else if (!replaceOnly && this.#atHead && !(rows[0] && message.seq < rows[0].seq)) {
      // Missed messages come in version order, so a new message may come after a newer one.
      this.#window.set(mergeRow(rows, message).slice(-this.#context.windowSize));
      this.#updateStatus(this.#status.get().state);
    }
    this.#rootChanged(message);
  }

  /** A thread's root shows the summary a new reply left, unless it holds a later one. */
  #summarize({ rootId, ...summary }: ThreadUpdate): void {
    const root = this.#window.get().find((row) => row.id === rootId) ?? this.#threads.get(rootId)?.$root.get();
    if (root) this.#apply({ ...root, thread: summary }, true);
  }

  /** An open thread follows its root's state. */
  #rootChanged(message: StoredMessage): void {
    const thread = this.#threads.get(message.id);
    const held = thread?.$root.get();
    if (thread) thread.root(held ? newerState(held, message) : message);
  }

  /**
   * The user's view of a message: `mentionsMe`, and, in a broadcast change, each reaction's `me`
   * as shown before, or as the reaction says when it is the user's own.
   */
  #own(message: Message, arrival?: Arrival): StoredMessage {
    const me = this.#context.user()?.id;
    let own: StoredMessage = message;
    if (arrival?.broadcast && message.reactions?.length) {
      const shown = this.#held(message.id)?.reactions;
      const { reaction } = arrival;
      own = {
        ...message,
        reactions: message.reactions.map((entry) => ({
          ...entry,
          me:
            reaction?.emoji === entry.emoji && reaction.userId === me
              ? reaction.added
              : (shown?.find((held) => held.emoji === entry.emoji)?.me ?? false),
        })),
      };
    }
    return me !== undefined && message.mentions?.some((user) => user.id === me) ? { ...own, mentionsMe: true } : own;
  }

  /** The row of a message in the window or an open thread. */
  #held(messageId: string | undefined): StoredMessage | undefined {
    return (
      this.#window.get().find((row) => row.id === messageId) ??
      [...this.#threads.values()].map((thread) => thread.held(messageId)).find(Boolean)
    );
  }

  /** The quote of a held message (none for a send that answers nothing, `messageId` undefined). */
  #quote(messageId: string | undefined): ReplyQuote | undefined {
    const held = this.#held(messageId);
    return held && quoteOf(held);
  }

  #fetchPage(query: { before?: number; around?: number; limit: number }) {
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

  /** Nobody watches the channel any more: keep nothing. */
  #release(): void {
    this.offline();
    this.#window.set([]);
    this.#ahead.clear();
    this.#loaded = false;
    this.#atHead = true;
    this.#seq = 0;
    this.#status.set(IDLE);
  }
}
