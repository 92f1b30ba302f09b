import { excerptOf } from '@hearth/sdk/protocol';
import type { Message, User } from '../domain/types.js';

/** One mention of a user by a message, with the user's current name, as both engines' mention query returns it. */
export interface MentionRow {
  message_id: string;
  id: string;
  name: string;
  avatar_url: string | null;
}

/** The messages with their mentions filled in from `rows`, which come ordered by position. */
export function withMentions(messages: Message[], rows: MentionRow[]): Message[] {
  if (rows.length === 0) return messages;
  const byMessage = new Map<string, User[]>();
  for (const row of rows) {
    const user: User = { id: row.id, name: row.name, avatarUrl: row.avatar_url };
    const list = byMessage.get(row.message_id);
    if (list) list.push(user);
    else byMessage.set(row.message_id, [user]);
  }
  return messages.map((message) => {
    const mentions = byMessage.get(message.id);
    return mentions ? { ...message, mentions } : message;
  });
}

/** The ids whose mentions reading `messages` needs: theirs, and those of the messages they quote. */
export const mentionSources = (messages: Message[]): string[] => [
  ...new Set([...messages.map((message) => message.id), ...messages.flatMap((message) => (message.replyTo ? [message.replyTo.id] : []))]),
];

/**
 * Each reply's excerpt made from the quoted content read with it, its mentions written as the
 * names in `rows` (which hold the quoted messages' mentions too, see {@link mentionSources}).
 */
export function withQuoteExcerpts(messages: Message[], rows: MentionRow[]): Message[] {
  return messages.map((message) => {
    const quote = message.replyTo;
    if (!quote || quote.deleted) return message;
    const mentions = rows.filter((row) => row.message_id === quote.id);
    return { ...message, replyTo: { ...quote, excerpt: excerptOf(quote.excerpt, mentions) } };
  });
}
