import type { Message } from '../../domain/types.js';
import type { MessageRow } from './message-queries.js';

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
});
