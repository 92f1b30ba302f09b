import { type ReadableAtom, atom, onMount } from 'nanostores';
import type { ChannelStatus, ChatChannel, ChatMessage } from './chat-channel.js';
import type { ChatSocketError } from './errors.js';
import type { Outbox } from './outbox.js';
import type { ClientFrame, Message, ServerFrameOf, User } from './protocol/frames.js';
import { takeRun } from './protocol/seq-reorder.js';
import type { Request } from './rest.js';
import { MESSAGE_PAGE } from './rest-shapes.js';

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
const FILL_PAGE = 100;
const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2000;

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
  readonly #status = atom<ChannelStatus>({ state: 'idle', hasOlder: false, hasNewer: false });
  /** Loading state and whether there is more history either way. */
  readonly $status: ReadableAtom<ChannelStatus> = this.#status;
  readonly #typists = atom<readonly User[]>([]);
  /** Who is typing in the channel now, the user excepted. */
  readonly $typing: ReadableAtom<readonly User[]> = this.#typists;
  readonly #present = atom<readonly User[]>([]);
  /** Who has the channel open now, the user included, while it is watched. */
  readonly $present: ReadableAtom<readonly User[]> = this.#present;

  readonly #window = atom<readonly Message[]>([]);
  /** Messages that arrived ahead of a gap, by seq, held until the gap is filled. */
  readonly #ahead = new Map<number, Message>();
  #atHead = true;
  #loaded = false;
  #loading: Promise<void> | undefined;
  /** The newest seq the server reported; the window is filled up to it. */
  #target = 0;
  #filling = false;
  #loadingOlder: Promise<void> | undefined;
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
    const refresh = () => {
      const own = context.outbox.$entries.get().filter((entry) => entry.channelId === id);
      rows.set(own.length === 0 ? this.#window.get() : [...this.#window.get(), ...own]);
    };
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
  loadOlder(): Promise<void> {
    const messages = this.#window.get();
    const first = messages[0];
    if (!first || first.seq <= 1) return Promise.resolve();
    this.#loadingOlder ??= this.#fetchPage({ before: first.seq, limit: PAGE })
      .then((page) => {
        const current = this.#window.get();
        if (current[0] !== first) return;
        let next = [...page.messages.filter((message) => message.seq < first.seq), ...current];
        if (next.length > this.#context.windowSize) {
          // The window keeps its bound by letting go of the newest end; live messages then wait
          // until the reader comes back with jumpToLatest().
          next = next.slice(0, this.#context.windowSize);
          this.#atHead = false;
          this.#ahead.clear();
        }
        this.#window.set(next);
        this.#updateStatus('ready');
      })
      .catch((error: unknown) => this.#failed(error))
      .finally(() => (this.#loadingOlder = undefined));
    return this.#loadingOlder;
  }

  /** Drops the window and loads the newest page again (after paging far back). */
  async jumpToLatest(): Promise<void> {
    this.#atHead = true;
    this.#loaded = false;
    this.#window.set([]);
    await this.#loadLatest();
    await this.#fill();
  }

  /** The frame that subscribes this channel, resuming after the last message held. */
  subscribeFrame(): ClientFrame {
    const last = this.#window.get().at(-1);
    return last && this.#atHead ? { type: 'subscribe', channelId: this.id, afterSeq: last.seq } : { type: 'subscribe', channelId: this.id };
  }

  /** The server confirmed the subscription, with what was missed since `afterSeq`. */
  subscribed(frame: ServerFrameOf<'subscribed'>): void {
    this.#target = Math.max(this.#target, frame.lastSeq);
    if (!this.#loaded) {
      void this.#loadLatest();
      return;
    }
    for (const message of frame.missed) this.accept(message);
    void this.#fill();
  }

  /** The server refused to subscribe the channel. */
  refused(error: ChatSocketError): void {
    this.#failed(error);
  }

  /** A message of this channel arrived (live, acknowledged, or missed). */
  accept(message: Message): void {
    this.#stopTyping(message.author.id);
    if (!this.#atHead) return;
    const last = this.#window.get().at(-1);
    if (!this.#loaded || this.#filling) {
      this.#ahead.set(message.seq, message);
      return;
    }
    const lastSeq = last?.seq ?? 0;
    if (message.seq <= lastSeq) return;
    if (message.seq === lastSeq + 1) {
      this.#append([message]);
      this.#drainAhead();
      return;
    }
    this.#ahead.set(message.seq, message);
    void this.#fill();
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
    this.#loading ??= (async () => {
      this.#updateStatus('loading');
      try {
        const page = await this.#fetchPage({ limit: PAGE });
        this.#window.set(page.messages);
        this.#loaded = true;
        this.#updateStatus('ready');
        this.#drainAhead();
      } catch (error) {
        this.#failed(error);
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  /** Fetches what lies between the window's end and the messages held ahead, then shows them. */
  async #fill(): Promise<void> {
    if (this.#filling) return;
    this.#filling = true;
    try {
      for (;;) {
        const lastSeq = this.#window.get().at(-1)?.seq ?? 0;
        const beforeAhead = this.#ahead.size > 0 ? Math.min(...this.#ahead.keys()) - 1 : 0;
        if (lastSeq >= Math.max(this.#target, beforeAhead) || !this.#atHead || !this.#loaded) break;
        const page = await this.#fetchPage({ after: lastSeq, limit: FILL_PAGE });
        const fresh = page.messages.filter((message) => message.seq > lastSeq);
        if (fresh.length === 0) break;
        this.#appendContiguous(fresh);
      }
    } catch (error) {
      this.#failed(error);
    } finally {
      this.#filling = false;
    }
    this.#drainAhead();
  }

  #drainAhead(): void {
    if (this.#filling || !this.#loaded) return;
    const lastSeq = this.#window.get().at(-1)?.seq ?? 0;
    const run = takeRun(this.#ahead, lastSeq);
    if (run.length > 0) this.#append(run);
    if (this.#ahead.size > 0) void this.#fill();
  }

  #appendContiguous(messages: readonly Message[]): void {
    let lastSeq = this.#window.get().at(-1)?.seq ?? 0;
    const run: Message[] = [];
    for (const message of messages) {
      if (message.seq !== lastSeq + 1) break;
      run.push(message);
      lastSeq = message.seq;
    }
    this.#append(run);
  }

  #append(messages: readonly Message[]): void {
    let next = [...this.#window.get(), ...messages];
    if (next.length > this.#context.windowSize) next = next.slice(next.length - this.#context.windowSize);
    this.#window.set(next);
    this.#updateStatus(this.#status.get().state === 'error' ? 'error' : 'ready');
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
    if (typists.some((typist) => typist.id === userId)) this.#typists.set(typists.filter((typist) => typist.id !== userId));
  }

  /** Nobody watches the channel any more: keep nothing. */
  #release(): void {
    this.#window.set([]);
    this.#ahead.clear();
    this.#loaded = false;
    this.#atHead = true;
    this.#target = 0;
    for (const timer of this.#typingTimers.values()) clearTimeout(timer);
    this.#typingTimers.clear();
    this.#typists.set([]);
    this.#present.set([]);
    this.#status.set({ state: 'idle', hasOlder: false, hasNewer: false });
  }
}
