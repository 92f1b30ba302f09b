import { type ReadableAtom, atom, onMount } from 'nanostores';
import {
  type ChannelStatus,
  type ChatMessage,
  type ChatThread,
  type SendOptions,
  type StoredMessage,
  IDLE_STATUS as IDLE,
} from './chat-channel.js';
import type { Outbox } from './outbox.js';
import type { Message, ReplyQuote, User } from './protocol/frames.js';
import type { Request } from './rest.js';
import { MESSAGE, MESSAGE_PAGE } from './rest-shapes.js';
import { mergeRow, requote } from './window-rows.js';

/** What a thread needs from its channel. */
export interface ThreadContext {
  request: Request;
  outbox: Outbox;
  user(): User | null;
  report(error: Error): void;
  /** Keeps the channel subscribed while the thread is watched; returns the release. */
  hold(): () => void;
  /** The root as the channel's window holds it, if it does. */
  heldRoot(): StoredMessage | undefined;
  /** The quote of a message the channel or the thread holds, for a pending reply. */
  quote(messageId: string | undefined): ReplyQuote | undefined;
  /** Puts the user's own state (`mentionsMe`) on a message read over REST. */
  own(message: Message): StoredMessage;
}

const PAGE = 50;

/**
 * The client's side of a {@link ChatThread}. Its replies come from REST when it is first watched,
 * then from the channel, which routes each thread reply it applies on its seq line here; a reply
 * and its later states merge by version, so what arrives during the load is never lost or doubled.
 */
export class ThreadStore implements ChatThread {
  readonly #root = atom<StoredMessage | undefined>(undefined);
  /** The root message in its current state (with its `thread` summary); undefined until loaded. */
  readonly $root: ReadableAtom<StoredMessage | undefined> = this.#root;
  /** The replies, oldest first, then the user's pending and failed replies. */
  readonly $messages: ReadableAtom<readonly ChatMessage[]>;
  readonly #status = atom<ChannelStatus>(IDLE);
  /** Loading state; `hasOlder` when older replies exist. */
  readonly $status: ReadableAtom<ChannelStatus> = this.#status;
  readonly #replies = atom<readonly StoredMessage[]>([]);
  #watched = false;
  #hasOlder = false;
  #loadingOlder: Promise<void> | undefined;
  readonly #context: ThreadContext;

  constructor(
    /** The channel's id. */
    readonly channelId: string,
    /** The root message's id. */
    readonly rootId: string,
    context: ThreadContext,
  ) {
    this.#context = context;
    const rows = atom<readonly ChatMessage[]>([]);
    const refresh = () => rows.set([...this.#replies.get(), ...context.outbox.$entries.get().filter((entry) => entry.threadId === rootId)]);
    this.$messages = rows;
    onMount(rows, () => {
      const unbind = [this.#replies.listen(refresh), context.outbox.$entries.listen(refresh)];
      refresh();
      const release = context.hold();
      this.#watched = true;
      void this.#load();
      return () => {
        for (const stop of unbind) stop();
        release();
        this.#watched = false;
        this.#replies.set([]);
        this.#status.set(IDLE);
      };
    });
  }

  /** Replies in the thread: pending at once, stored when acknowledged. */
  send(content: string, options: SendOptions = {}): Promise<Message> {
    return this.#context.outbox.add(this.channelId, content, this.#context.user(), {
      ...options,
      quote: this.#context.quote(options.replyTo),
      threadId: this.rootId,
    });
  }

  /** Fetches the replies before the oldest held. */
  async loadOlder(): Promise<void> {
    const first = this.#replies.get()[0];
    if (!first || !this.#hasOlder) return;
    await (this.#loadingOlder ??= this.#fetch(first.seq)
      .catch((error: unknown) => this.#failed(error))
      .finally(() => (this.#loadingOlder = undefined)));
  }

  /** A reply of this thread was applied on the channel's seq line (new, or a new state of one). */
  merge(reply: StoredMessage): void {
    if (this.#watched) this.#replies.set(requote(mergeRow(this.#replies.get(), reply), reply));
  }

  /** Changes held replies (a change shown at once, or rolled back). */
  swap(change: (row: StoredMessage) => StoredMessage): void {
    const replies = this.#replies.get();
    const next = replies.map(change);
    if (next.some((row, index) => row !== replies[index])) this.#replies.set(next);
  }

  /** The root's state changed in the channel (an edit, a reaction, its thread summary). */
  root(message: StoredMessage): void {
    this.#root.set(message);
  }

  /** A reply held by the thread, for quoting. */
  held(messageId: string | undefined): StoredMessage | undefined {
    return this.#replies.get().find((reply) => reply.id === messageId);
  }

  async #load(): Promise<void> {
    this.#status.set({ ...IDLE, state: 'loading' });
    const held = this.#context.heldRoot();
    if (held) this.#root.set(held);
    try {
      const root = held
        ? undefined
        : this.#context.request(
            'get',
            '/api/channels/{channelId}/messages/{messageId}',
            { path: { channelId: this.channelId, messageId: this.rootId } },
            MESSAGE,
          );
      await Promise.all([this.#fetch(), root?.then((message) => this.#root.set(this.#context.own(message)))]);
    } catch (error) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    this.#status.set({ state: 'error', hasOlder: this.#hasOlder, hasNewer: false, error: reason });
    this.#context.report(reason);
  }

  /** Loads the newest replies, or those before `before`, and merges them with what is held. */
  async #fetch(before?: number): Promise<void> {
    const page = await this.#context.request(
      'get',
      '/api/channels/{id}/messages',
      { path: { id: this.channelId }, query: { thread: this.rootId, limit: PAGE, ...(before !== undefined && { before }) } },
      MESSAGE_PAGE,
    );
    if (!this.#watched) return;
    this.#hasOlder = page.hasMore;
    let replies = this.#replies.get();
    for (const message of page.messages) replies = mergeRow(replies, this.#context.own(message));
    this.#replies.set(replies);
    this.#status.set({ state: 'ready', hasOlder: this.#hasOlder, hasNewer: false });
  }
}
