import type { Message, Reaction } from '../domain/types.js';

/** One emoji's reactions on one message, as both engines' reaction query returns them. */
export interface ReactionRow {
  message_id: string;
  emoji: string;
  count: number;
  /** Whether the viewer reacted with it (SQLite answers 1/0/null, PostgreSQL a boolean or null). */
  me: boolean | number | null;
}

/**
 * The messages with their reactions filled in from `rows`, which come ordered by the seq each
 * emoji first appeared with.
 */
export function withReactions(messages: Message[], rows: ReactionRow[]): Message[] {
  if (rows.length === 0) return messages;
  const byMessage = new Map<string, Reaction[]>();
  for (const row of rows) {
    const reaction: Reaction = { emoji: row.emoji, count: Number(row.count), me: Boolean(row.me) };
    const list = byMessage.get(row.message_id);
    if (list) list.push(reaction);
    else byMessage.set(row.message_id, [reaction]);
  }
  return messages.map((message) => {
    const reactions = byMessage.get(message.id);
    return reactions ? { ...message, reactions } : message;
  });
}
