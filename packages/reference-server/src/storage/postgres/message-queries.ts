const MESSAGE_COLUMNS = `m.id, m.channel_id, m.seq, m.client_id, m.content, m.created_at, m.version, m.edited_at, m.deleted,
  u.id AS author_id, u.name AS author_name, u.avatar_url AS author_avatar_url`;

/**
 * The history queries, kept apart so a test can ask PostgreSQL for their plans: each must be served
 * by the `messages_channel_seq` index (`changesAfter` by `messages_channel_version`), never by a
 * scan of the table or a sort.
 */
export const MESSAGE_QUERIES = {
  newest: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = $1 ORDER BY m.seq DESC LIMIT $2`,
  before: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`,
  after: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
  /** Everything added or changed after a seq: a message's version is at least its seq. */
  changesAfter: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.channel_id = $1 AND m.version > $2 ORDER BY m.version ASC LIMIT $3`,
  byId: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    WHERE m.id = $1 AND m.channel_id = $2`,
  /** The messages stored earlier under any of the given `(author_id[i], client_id[i])` pairs. */
  byAuthorClients: `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
    JOIN unnest($1::text[], $2::text[]) AS wanted (author_id, client_id)
      ON m.author_id = wanted.author_id AND m.client_id = wanted.client_id
    WHERE m.client_id IS NOT NULL`,
} as const;

/** The reactions of an array of message ids, per emoji, `me` for the viewer ($1, null for none). */
export const REACTIONS_OF = `SELECT message_id, emoji, count(*)::integer AS count, bool_or(user_id = $1) AS me, min(added_seq) AS first_seq
  FROM reactions WHERE message_id = ANY($2::text[])
  GROUP BY message_id, emoji ORDER BY first_seq`;

/** A row of the queries above. */
export interface MessageRow {
  id: string;
  channel_id: string;
  seq: number;
  client_id: string | null;
  content: string;
  created_at: Date;
  version: number;
  edited_at: Date | null;
  deleted: boolean;
  author_id: string;
  author_name: string;
  author_avatar_url: string | null;
}
