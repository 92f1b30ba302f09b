/**
 * `@hearth/sdk/threads`: the replies in the thread of a root message, live. A separate entry, so
 * that apps which only chat do not ship it; without it, a channel still shows each root's thread
 * summary (`thread`: how many replies, the last one's time) and leaves the replies out of its rows.
 *
 * @example
 * import { threadOf } from '@hearth/sdk/threads';
 * const thread = threadOf(chat.channel('c_general'), rootId);
 * thread.$messages.subscribe((replies) => render(replies));
 * await thread.send('agreed');
 *
 * @module
 */
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
import type { ChannelInternals, ThreadOfChannel } from './channel-store.js';
import { INTERNALS } from './internals.js';
import type { Message } from './protocol/frames.js';
import { MESSAGE, MESSAGE_PAGE } from './rest-shapes.js';
import { mergeRow, requote } from './window-rows.js';

export type { ChatThread } from './chat-channel.js';

const PAGE = 50;

/**
 * The thread of the root message `rootId` of `channel` (from `chat.channel(id)`); the same
 * instance for the same channel and root. Watching its `$messages` loads the newest replies and
 * keeps the channel subscribed, since thread replies arrive on the channel's seq line.
 *
 * @example
 * const thread = threadOf(chat.channel('c_general'), 'm_1');
 * const off = thread.$root.subscribe((root) => renderRoot(root));
 */
export function threadOf(channel: ChatChannel, rootId: string): ChatThread {
  const internals = (channel as Partial<Record<typeof INTERNALS, ChannelInternals>>)[INTERNALS];
  if (!internals) throw new TypeError('@hearth/sdk/threads: pass a channel of a client made by createChatClient of the same @hearth/sdk');
  let thread = internals.threads.get(rootId);
  if (!thread) internals.threads.set(rootId, (thread = new ThreadStore(channel, rootId, internals)));
  return thread;
}

/**
 * The client's side of a {@link ChatThread}. Its replies come from REST when it is first watched,
 * then from the channel, which routes each thread reply it applies on its seq line here; a reply
 * and its later states merge by version, so what arrives during the load is never lost or doubled.
 */
class ThreadStore implements ThreadOfChannel {
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
  readonly #channel: ChannelInternals;
  /** The channel's id. */
  readonly channelId: string;

  constructor(
    channel: ChatChannel,
    /** The root message's id. */
    readonly rootId: string,
    internals: ChannelInternals,
  ) {
    this.channelId = channel.id;
    this.#channel = internals;
    const { outbox } = internals.context;
    const rows = atom<readonly ChatMessage[]>([]);
    const refresh = () => rows.set([...this.#replies.get(), ...outbox.$entries.get().filter((entry) => entry.threadId === rootId)]);
    this.$messages = rows;
    onMount(rows, () => {
      const unbind = [this.#replies.listen(refresh), outbox.$entries.listen(refresh)];
      refresh();
      // Thread replies arrive on the channel's seq line: the channel stays subscribed meanwhile.
      const release = channel.$messages.listen(() => {});
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
    const { context } = this.#channel;
    return context.outbox.add(this.channelId, content, context.user(), {
      ...options,
      quote: this.#channel.quote(options.replyTo),
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
    const held = this.#channel.held(this.rootId);
    if (held) this.#root.set(held);
    try {
      const root = held
        ? undefined
        : this.#channel.context.request(
            'get',
            '/api/channels/{channelId}/messages/{messageId}',
            { path: { channelId: this.channelId, messageId: this.rootId } },
            MESSAGE,
          );
      await Promise.all([this.#fetch(), root?.then((message) => this.#root.set(this.#channel.own(message)))]);
    } catch (error) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    this.#status.set({ state: 'error', hasOlder: this.#hasOlder, hasNewer: false, error: reason });
    this.#channel.context.report(reason);
  }

  /** Loads the newest replies, or those before `before`, and merges them with what is held. */
  async #fetch(before?: number): Promise<void> {
    const page = await this.#channel.context.request(
      'get',
      '/api/channels/{id}/messages',
      { path: { id: this.channelId }, query: { thread: this.rootId, limit: PAGE, ...(before !== undefined && { before }) } },
      MESSAGE_PAGE,
    );
    if (!this.#watched) return;
    this.#hasOlder = page.hasMore;
    let replies = this.#replies.get();
    for (const message of page.messages) replies = mergeRow(replies, this.#channel.own(message));
    this.#replies.set(replies);
    this.#status.set({ state: 'ready', hasOlder: this.#hasOlder, hasNewer: false });
  }
}
