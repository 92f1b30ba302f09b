import type { ReadableAtom } from 'nanostores';
import type { PendingMessage } from './outbox.js';
import type { Attachment, Message, User } from './protocol/frames.js';

/**
 * A stored message as a store holds it: the server's state, plus `mentionsMe`, set by the SDK when
 * `mentions` names the signed-in user.
 */
export type StoredMessage = Message & { mentionsMe?: boolean };

/**
 * A row of a channel: a stored message, or one of the user's own sends still on its way. A stored
 * message has `version` (the seq of its latest change), `editedAt` (null until edited) and
 * `deleted` (a tombstone, with empty content); a pending send has none of them.
 */
export type ChatMessage = StoredMessage | PendingMessage;

/** What a send may carry besides its content. */
export interface SendOptions {
  /** The id of the message of the same channel that this one answers; the row quotes it. */
  replyTo?: string;
  /**
   * Files uploaded to this channel with `uploadAttachment` (`@hearth/sdk/attachments`), at most
   * `MAX_ATTACHMENTS` (10), in the order to show them. The pending row carries them at once; the
   * content may then be empty. An id the server does not accept (`unknown_attachment`) fails the
   * send like any refusal, and a retry names the same files.
   */
  attachments?: readonly Attachment[];
}

/**
 * Where a channel's history stands.
 *
 * @example
 * const { state, hasOlder } = chat.channel('c_general').$status.get();
 */
export interface ChannelStatus {
  state: 'idle' | 'loading' | 'ready' | 'error';
  /** Older messages exist before the first one held (`loadOlder()` fetches them). */
  hasOlder: boolean;
  /** The window was paged so far back that it no longer ends at the newest message. */
  hasNewer: boolean;
  error?: Error;
}

/** The status of a channel or thread that nobody watches (internal: one object both stores share). */
export const IDLE_STATUS: ChannelStatus = { state: 'idle', hasOlder: false, hasNewer: false };

/**
 * Whether a row is one of the user's sends not yet stored.
 *
 * @example
 * const stored = rows.filter((row) => !isPending(row));
 */
export const isPending = (message: ChatMessage): message is PendingMessage => 'state' in message;

/**
 * One channel's live window of history, ordered by `seq`, with no gaps and no duplicates, plus the
 * user's pending sends: read-only stores, and the verbs that act on the channel. Lazy like a
 * nanostores map-creator: watching `$messages` subscribes the channel over the socket (and loads
 * the newest page); when nobody watches it any more, it unsubscribes and lets its window go.
 * Get one with `chat.channel(id)`.
 *
 * @example
 * const general = chat.channel('c_general');
 * const off = general.$messages.subscribe((rows) => render(rows));
 * await general.send('hello');
 */
export interface ChatChannel {
  /** The channel's id. */
  readonly id: string;
  /** The rows to show, oldest first: stored messages, then the user's pending and failed sends. */
  readonly $messages: ReadableAtom<readonly ChatMessage[]>;
  /** Loading state and whether there is more history either way. */
  readonly $status: ReadableAtom<ChannelStatus>;
  /**
   * Who has the channel open now, the user included, while it is watched: in a busy channel, the
   * first 50 to come (`MAX_PRESENCE_USERS`), sorted by name; `$presentCount` says how many in all.
   */
  readonly $present: ReadableAtom<readonly User[]>;
  /** How many users have the channel open now, the user included, while it is watched. */
  readonly $presentCount: ReadableAtom<number>;
  /**
   * Sends a message: it shows at once as pending, and becomes the stored message when the server
   * acknowledges it. Sends made while offline wait for the connection. Rejects with
   * `ChatSocketError` when the server refuses it; the row then shows as failed. Content over
   * `MAX_CONTENT_LENGTH` UTF-16 code units, which the server would always refuse, rejects at once
   * with `content_too_long` and makes no row at all (the caller still has the text).
   */
  send(content: string, options?: SendOptions): Promise<Message>;
  /** Replies to a message of the channel: `send(content, { replyTo: messageId })`. */
  reply(messageId: string, content: string): Promise<Message>;
  /** Sends a failed message again. */
  retry(clientId: string): Promise<Message>;
  /** Removes a failed message. */
  discard(clientId: string): void;
  /** Fetches the page before the oldest message held. */
  loadOlder(): Promise<void>;
  /** Drops the window and loads the newest page again (after paging far back). */
  jumpToLatest(): Promise<void>;
  /**
   * Shows the history around `seq` (a quoted message, a search hit): the window is replaced by the
   * page around it unless the message is held already. `$status.hasNewer` then says whether newer
   * messages exist past the window; `jumpToLatest()` goes back to the newest.
   */
  jumpTo(seq: number): Promise<void>;
}

/**
 * The replies in the thread of one root message, live. Watching `$messages` loads the newest
 * replies and keeps the channel subscribed (thread replies arrive on the channel's seq line); when
 * nobody watches it any more, it lets its replies go. Get one with `threadOf(channel, rootId)` from
 * `@hearth/sdk/threads`.
 *
 * @example
 * const thread = threadOf(chat.channel('c_general'), rootId);
 * thread.$messages.subscribe((replies) => render(replies));
 * await thread.send('agreed');
 */
export interface ChatThread {
  /** The root message's id. */
  readonly rootId: string;
  /** The channel's id. */
  readonly channelId: string;
  /** The root message in its current state (with its `thread` summary); undefined until loaded. */
  readonly $root: ReadableAtom<StoredMessage | undefined>;
  /** The replies, oldest first, then the user's pending and failed replies. */
  readonly $messages: ReadableAtom<readonly ChatMessage[]>;
  /** Loading state; `hasOlder` when older replies exist. */
  readonly $status: ReadableAtom<ChannelStatus>;
  /** Replies in the thread: pending at once, stored when acknowledged (as the channel's `send`). */
  send(content: string, options?: SendOptions): Promise<Message>;
  /** Fetches the replies before the oldest held. */
  loadOlder(): Promise<void>;
}
