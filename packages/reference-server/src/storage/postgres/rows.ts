import type { Message } from '../../domain/types.js';
import type { Pool, PoolClient } from 'pg';
import { type ReactionRow, withReactions } from '../reaction-rows.js';
import { type MessageRow, REACTIONS_OF } from './message-queries.js';

/** A message row as the domain sees it; timestamps go back to the ISO strings they were stored from. */
export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  channelId: row.channel_id,
  seq: row.seq,
  author: { id: row.author_id, name: row.author_name, avatarUrl: row.author_avatar_url },
  content: row.content,
  createdAt: row.created_at.toISOString(),
  clientId: row.client_id,
  version: row.version,
  editedAt: row.edited_at?.toISOString() ?? null,
  deleted: row.deleted,
  reactions: [],
});

/** Messages read from rows, with their reactions (`me` for `viewerId`), in one more query. */
export async function readMessages(client: Pool | PoolClient, rows: MessageRow[], viewerId: string | undefined): Promise<Message[]> {
  const messages = rows.map(toMessage);
  if (messages.length === 0) return messages;
  const reactions = await client.query<ReactionRow>(REACTIONS_OF, [viewerId ?? null, messages.map((message) => message.id)]);
  return withReactions(messages, reactions.rows);
}
