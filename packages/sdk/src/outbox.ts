import { type ReadableAtom, atom } from 'nanostores';
import { ChatSocketError } from './errors.js';
import type { Attachment, ClientFrame, Message, ReplyQuote, User } from './protocol/frames.js';
import { MAX_CONTENT_LENGTH } from './protocol/limits.js';

/** A message the user sent that the server has not acknowledged yet, or refused. */
export interface PendingMessage {
  /** `pending:{clientId}`, so a list can key rows by `id` before the real id is known. */
  id: string;
  clientId: string;
  channelId: string;
  content: string;
  author: User | null;
  createdAt: string;
  /** The message it answers, as the window held it when sent, when it is a reply. */
  replyTo?: ReplyQuote;
  /** The root of the thread it goes in, when it is a thread reply. */
  threadId?: string;
  /** The uploaded files it carries, shown while it is on its way; its frame names their ids. */
  attachments?: readonly Attachment[];
  /** `pending` until acknowledged; `failed` when refused (see `error`); retry with `retry()`. */
  state: 'pending' | 'failed';
  error?: ChatSocketError;
  /** Never set: a send has no changes yet (present so that rows of either kind read alike). */
  version?: undefined;
  editedAt?: undefined;
  deleted?: undefined;
}

/** What a send carries besides its content: the message it answers, its thread, its files. */
export interface Outgoing {
  /** The id of the message it answers. */
  replyTo?: string | undefined;
  /** The answered message as the sender's window holds it, to show while the send is pending. */
  quote?: ReplyQuote | undefined;
  /** The root of the thread it goes in. */
  threadId?: string | undefined;
  /** Uploaded files (`@hearth/sdk/attachments`) it carries. */
  attachments?: readonly Attachment[] | undefined;
}

interface Waiter {
  resolve: (message: Message) => void;
  reject: (error: ChatSocketError) => void;
}

const MAX_RATE_LIMIT_RETRIES = 3;

/** A random id for a send, unique enough to make it idempotent across reconnects. */
export function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('');
}

/**
 * The sends not yet acknowledged, in the order they were made. Each is sent when the connection
 * is ready, and sent again after every reconnect until its `ack` comes: the server deduplicates by
 * `clientId`, so a send that got through before the drop is not stored twice.
 */
export interface Outbox {
  /** Every pending or failed send, oldest first. */
  readonly $entries: ReadableAtom<readonly PendingMessage[]>;
  /**
   * Queues a send and transmits it when possible; resolves with the stored message. `extras` make
   * it a reply (`replyTo`, shown with `quote` while pending) or a thread reply (`threadId`), and
   * carry its files (`attachments`, shown while pending; a retry names the same ids).
   */
  add(channelId: string, content: string, author: User | null, extras?: Outgoing): Promise<Message>;
  /** Sends a failed message again; resolves with the stored message. */
  retry(clientId: string): Promise<Message>;
  /** Drops a failed message; whoever awaits it is told it was discarded. */
  discard(clientId: string): void;
  /** Sends every pending entry, oldest first: called once the connection is ready. */
  flush(): void;
  /** The server stored the send. */
  acknowledge(clientId: string, message: Message): void;
  /**
   * The server refused the send. `rate_limited` is sent again by itself: after `retryAfterMs` as
   * often as the server names a time (a channel's slow mode: the send waits its turn, it is not
   * lost), a few times otherwise. Returns false when `clientId` is no send of the outbox.
   */
  refuse(clientId: string, error: ChatSocketError, retryAfterMs?: number): boolean;
  /** Every pending send to `channelId` fails with `error` (the user lost access to the channel). */
  failChannel(channelId: string, error: ChatSocketError): void;
}

/** Creates the {@link Outbox} of a client; `transmit` returns false when the frame could not go out. */
export function createOutbox(transmit: (frame: ClientFrame) => boolean): Outbox {
  const entries = atom<readonly PendingMessage[]>([]);
  const waiters = new Map<string, Waiter[]>();
  const rateLimitRetries = new Map<string, number>();
  /** The id each reply answers, by clientId (the pending row may not know the original). */
  const answered = new Map<string, string>();

  const find = (clientId: string) => entries.get().find((entry) => entry.clientId === clientId);

  const wait = (clientId: string) =>
    new Promise<Message>((resolve, reject) => {
      waiters.set(clientId, [...(waiters.get(clientId) ?? []), { resolve, reject }]);
    });

  const settle = (clientId: string, each: (waiter: Waiter) => void) => {
    const settled = waiters.get(clientId) ?? [];
    waiters.delete(clientId);
    settled.forEach(each);
  };

  const transmitOne = (clientId: string) => {
    const entry = find(clientId);
    if (entry?.state !== 'pending') return;
    const { channelId, content, threadId, attachments } = entry;
    // A frame is sent as JSON, which leaves out the fields a send does not have (undefined).
    transmit({
      type: 'send',
      channelId,
      clientId,
      content,
      replyTo: answered.get(clientId),
      threadId,
      attachments: attachments?.map((file) => file.id),
    });
  };

  /** Marks a send failed and rejects whoever awaits it. */
  const fail = (clientId: string, error: ChatSocketError) => {
    rateLimitRetries.delete(clientId);
    entries.set(entries.get().map((entry) => (entry.clientId === clientId ? { ...entry, state: 'failed', error } : entry)));
    settle(clientId, (waiter) => waiter.reject(error));
  };

  const remove = (clientId: string) => {
    rateLimitRetries.delete(clientId);
    answered.delete(clientId);
    entries.set(entries.get().filter((entry) => entry.clientId !== clientId));
  };

  return {
    $entries: entries,
    add(channelId, content, author, { replyTo, quote, threadId, attachments } = {}) {
      // The server would refuse it, and a retry could never succeed: no row, the caller keeps the text.
      if (content.length > MAX_CONTENT_LENGTH) return Promise.reject(new ChatSocketError('content_too_long', 'content is too long'));
      const clientId = newClientId();
      if (replyTo) answered.set(clientId, replyTo);
      const entry: PendingMessage = {
        id: `pending:${clientId}`,
        clientId,
        channelId,
        content,
        author,
        createdAt: new Date().toISOString(),
        state: 'pending',
        replyTo: quote,
        threadId,
        attachments,
      };
      entries.set([...entries.get(), entry]);
      const settled = wait(clientId);
      transmitOne(clientId);
      return settled;
    },
    retry(clientId) {
      const entry = find(clientId);
      if (!entry) return Promise.reject(new ChatSocketError('unknown_send', `no unsent message with clientId ${clientId}`, clientId));
      const settled = wait(clientId);
      if (entry.state === 'failed') {
        rateLimitRetries.delete(clientId);
        entries.set(
          entries.get().map((pending) => {
            if (pending.clientId !== clientId) return pending;
            const { error: _previous, ...rest } = pending;
            return { ...rest, state: 'pending' };
          }),
        );
        transmitOne(clientId);
      }
      return settled;
    },
    discard(clientId) {
      if (!find(clientId)) return;
      remove(clientId);
      settle(clientId, (waiter) => waiter.reject(new ChatSocketError('discarded', 'the send was discarded', clientId)));
    },
    flush() {
      for (const entry of entries.get()) transmitOne(entry.clientId);
    },
    acknowledge(clientId, message) {
      if (!find(clientId)) return;
      remove(clientId);
      settle(clientId, (waiter) => waiter.resolve(message));
    },
    refuse(clientId, error, retryAfterMs) {
      if (!find(clientId)) return false;
      const retries = rateLimitRetries.get(clientId) ?? 0;
      if (error.code === 'rate_limited' && (retryAfterMs !== undefined || retries < MAX_RATE_LIMIT_RETRIES)) {
        rateLimitRetries.set(clientId, retries + 1);
        setTimeout(() => transmitOne(clientId), retryAfterMs ?? 1000);
      } else fail(clientId, error);
      return true;
    },
    failChannel(channelId, error) {
      for (const entry of entries.get()) if (entry.channelId === channelId && entry.state === 'pending') fail(entry.clientId, error);
    },
  };
}
