/**
 * `@hearth/sdk/message-actions`: editing and deleting messages, and reacting to them, with the
 * change shown at once and rolled back when the server refuses. A separate entry, so that apps
 * which only chat do not ship it; without it, a channel still shows the edits, deletes and
 * reactions others make.
 *
 * @example
 * import { messageActions } from '@hearth/sdk/message-actions';
 * const actions = messageActions(chat.channel('c_general'));
 * await actions.edit(messageId, 'fixed the typo');
 * await actions.react(messageId, '👍');
 *
 * @module
 */
import type { ChannelInternals } from './channel-store.js';
import type { ChatChannel, StoredMessage } from './chat-channel.js';
import type { ChatApiError } from './errors.js';
import { INTERNALS } from './internals.js';
import type { Message, User } from './protocol/frames.js';
import { MESSAGE, REACTORS } from './rest-shapes.js';

/**
 * The first users who reacted to a message with one emoji, in the order they reacted, and how many
 * did: enough for "Ada, Linus and 3 others".
 */
export interface Reactors {
  users: User[];
  count: number;
}

/** The actions on the messages of one channel: see {@link messageActions}. */
export interface MessageActions {
  /**
   * Edits one of the user's own messages over REST. The row shows the new content at once, and
   * goes back to what it was if the server refuses; the promise then rejects with `ChatApiError`
   * (and the client's `error` event fires).
   */
  edit(messageId: string, content: string): Promise<Message>;
  /**
   * Deletes a message over REST (the user's own, or any as the server's owner). The row shows as a
   * tombstone (`deleted: true`, empty `content`) at once, and comes back if the server refuses; the
   * promise then rejects with `ChatApiError` (and the client's `error` event fires).
   */
  delete(messageId: string): Promise<Message>;
  /**
   * Adds the user's reaction with one emoji. The chip counts it at once (`me: true`), and goes back
   * if the server refuses; the promise then rejects with `ChatApiError`. Adding a reaction the user
   * has already is a no-op on the server.
   */
  react(messageId: string, emoji: string): Promise<Message>;
  /** Removes the user's reaction with one emoji, shown at once and rolled back like {@link MessageActions.react}. */
  unreact(messageId: string, emoji: string): Promise<Message>;
  /** The first `limit` (default 3) users who reacted with `emoji`, and how many did. */
  reactors(messageId: string, emoji: string, limit?: number): Promise<Reactors>;
}

/** The stored state under each row shown while its edit, delete or reaction is in flight. */
const storedStates = new WeakMap<Message, Message>();

/**
 * The actions on the messages of `channel` (from `chat.channel(id)`), as the user the client speaks
 * for. Each shows its change in the channel's rows (and its threads') at once and resolves with the
 * stored message; when the server refuses, the row goes back to its stored state (unless a newer
 * state came meanwhile), the client's `error` event fires and the promise rejects with
 * `ChatApiError`.
 *
 * @example
 * const actions = messageActions(chat.channel('c_general'));
 * const { users, count } = await actions.reactors(messageId, '🎉');
 */
export function messageActions(channel: ChatChannel): MessageActions {
  const internals = (channel as Partial<Record<typeof INTERNALS, ChannelInternals>>)[INTERNALS];
  if (!internals) {
    throw new TypeError('@hearth/sdk/message-actions: pass a channel of a client made by createChatClient of the same @hearth/sdk');
  }
  const { context, swap, settle } = internals;
  const channelId = channel.id;
  const path = (messageId: string) => ({ path: { channelId, messageId } });

  /** Shows a change at once, asks the server for it, and rolls it back when refused. */
  const change = async (messageId: string, show: (row: StoredMessage) => StoredMessage, ask: () => Promise<Message>) => {
    let shown: Message | undefined;
    // A refusal goes back to the last stored state, which a shown row in flight remembers for the
    // changes made on top of it.
    swap((row) => {
      if (row.id !== messageId) return row;
      const next = show(row);
      if (next !== row) storedStates.set((shown = next), storedStates.get(row) ?? row);
      return next;
    });
    try {
      const message = await ask();
      settle(message);
      return message;
    } catch (error) {
      // Unless a newer state of the message came meanwhile, it shows as it was.
      if (shown) swap((row) => (row === shown ? (storedStates.get(row) as Message) : row));
      context.report(error as ChatApiError);
      throw error;
    }
  };

  /** Counts the user's reaction in or out at once, asks the server, and rolls back when refused. */
  const reaction = (messageId: string, emoji: string, added: boolean) =>
    change(
      messageId,
      (row) => {
        const reactions = row.reactions ?? [];
        const held = reactions.find((entry) => entry.emoji === emoji);
        if (added === (held?.me ?? false)) return row;
        const count = (held?.count ?? 0) + (added ? 1 : -1);
        const next = held
          ? reactions.map((entry) => (entry === held ? { emoji, count, me: added } : entry))
          : [...reactions, { emoji, count, me: added }];
        return { ...row, reactions: next.filter((entry) => entry.count > 0) };
      },
      () =>
        context.request(
          added ? 'put' : 'delete',
          '/api/channels/{channelId}/messages/{messageId}/reactions/{emoji}',
          { path: { channelId, messageId, emoji } },
          MESSAGE,
        ),
    );

  return {
    edit: (messageId, content) =>
      change(
        messageId,
        (row) => ({ ...row, content }),
        () =>
          context.request('patch', '/api/channels/{channelId}/messages/{messageId}', { ...path(messageId), body: { content } }, MESSAGE),
      ),
    delete: (messageId) =>
      change(
        messageId,
        (row) => ({ ...row, content: '', deleted: true }),
        () => context.request('delete', '/api/channels/{channelId}/messages/{messageId}', path(messageId), MESSAGE),
      ),
    react: (messageId, emoji) => reaction(messageId, emoji, true),
    unreact: (messageId, emoji) => reaction(messageId, emoji, false),
    reactors: (messageId, emoji, limit = 3) =>
      context.request(
        'get',
        '/api/channels/{channelId}/messages/{messageId}/reactions/{emoji}',
        { path: { channelId, messageId, emoji }, query: { limit } },
        REACTORS,
      ),
  };
}
