import type { Message } from '../../domain/types.js';
import type { Pool, PoolClient } from 'pg';
import { type MentionRow, mentionSources, withMentions, withQuoteExcerpts } from '../mention-rows.js';
import { type ReactionRow, withReactions } from '../reaction-rows.js';
import { replyPartsOf } from '../reply-columns.js';
import { type AttachmentRow, withAttachments } from '../attachment-rows.js';
import { ATTACHMENTS_OF } from './attachments.js';
import { MENTIONS_OF, type MessageRow, REACTIONS_OF } from './message-queries.js';

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
  ...replyPartsOf(row),
  mentions: [],
  attachments: [],
});

/** Messages read from rows, with their reactions (`me` for `viewerId`), mentions and files, in three more queries. */
export async function readMessages(client: Pool | PoolClient, rows: MessageRow[], viewerId: string | undefined): Promise<Message[]> {
  const messages = rows.map(toMessage);
  if (messages.length === 0) return messages;
  const ids = messages.map((message) => message.id);
  // One after the other: a pooled client in a transaction runs one query at a time.
  const reactions = await client.query<ReactionRow>(REACTIONS_OF, [viewerId ?? null, ids]);
  const mentions = await client.query<MentionRow>(MENTIONS_OF, [mentionSources(messages)]);
  const files = await client.query<AttachmentRow>(ATTACHMENTS_OF, [ids]);
  const withFiles = withAttachments(messages, files.rows);
  return withQuoteExcerpts(withMentions(withReactions(withFiles, reactions.rows), mentions.rows), mentions.rows);
}
