const MESSAGE_COLUMNS = `m.id, m.channel_id, m.seq, m.client_id, m.content, m.created_at, m.version, m.edited_at, m.deleted,
  u.id AS author_id, u.name AS author_name, u.avatar_url AS author_avatar_url`;

/**
 * The history queries, kept apart so a test can ask SQLite for their plans: each must be served
 * by the `(channel_id, seq)` index (`changesAfter` by `(channel_id, version)`), never by a scan of
 * the channel.
 */
export const MESSAGE_QUERIES = {
  newest: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = ? ORDER BY m.seq DESC LIMIT ?`,
  before: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
  after: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?`,
  /** Everything added or changed after a seq: a message's version is at least its seq. */
  changesAfter: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = ? AND m.version > ? ORDER BY m.version ASC LIMIT ?`,
  byId: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.id = ? AND m.channel_id = ?`,
  byAuthorClient: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.author_id = ? AND m.client_id = ?`,
} as const;

/** The reactions of a JSON array of message ids, per emoji, `me` for the viewer (the first parameter). */
export const REACTIONS_OF = `SELECT message_id, emoji, count(*) AS count, max(user_id = ?) AS me, min(added_seq) AS first_seq
  FROM reactions WHERE message_id IN (SELECT value FROM json_each(?))
  GROUP BY message_id, emoji ORDER BY first_seq`;

/** A row of the queries above. */
export interface MessageRow {
  id: string;
  channel_id: string;
  seq: number;
  client_id: string | null;
  content: string;
  created_at: string;
  version: number;
  edited_at: string | null;
  /** SQLite's boolean: 0 or 1. */
  deleted: number;
  author_id: string;
  author_name: string;
  author_avatar_url: string | null;
}
