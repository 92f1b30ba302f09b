import type { ReplyColumns } from '../reply-columns.js';

/** The columns of a {@link MessageRow}, read from {@link MESSAGE_SOURCE}. */
export const MESSAGE_COLUMNS = `m.id, m.channel_id, m.seq, m.client_id, m.content, m.created_at, m.version, m.edited_at, m.deleted,
  m.reply_to_id, m.thread_id, m.reply_count, m.last_reply_at, m.last_reply_seq,
  u.id AS author_id, u.name AS author_name, u.avatar_url AS author_avatar_url,
  q.seq AS quote_seq, left(q.content, 2000) AS quote_content, q.deleted AS quote_deleted,
  qu.id AS quote_author_id, qu.name AS quote_author_name, qu.avatar_url AS quote_author_avatar_url`;

/** A message with its author, and the message it quotes with that one's author, as it stands now. */
export const MESSAGE_SOURCE = `messages m JOIN users u ON u.id = m.author_id
  LEFT JOIN messages q ON q.id = m.reply_to_id LEFT JOIN users qu ON qu.id = q.author_id`;

/** The three pages of one line of history (`line` uses $1): the newest, before a seq, after a seq. */
function lineQueries(line: string) {
  return {
    newest: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE} WHERE ${line} ORDER BY m.seq DESC LIMIT $2`,
    before: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE} WHERE ${line} AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`,
    after: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE} WHERE ${line} AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
  };
}

const mainLine = lineQueries('m.channel_id = $1 AND m.thread_id IS NULL');
const threadLine = lineQueries('m.thread_id = $1');

/**
 * The history queries, kept apart so a test can ask PostgreSQL for their plans: the main line must
 * be served by the `messages_main_line` index, a thread by `messages_by_thread`, and
 * `changesAfter` by `messages_channel_version`, never by a scan of the table or a sort.
 */
export const MESSAGE_QUERIES = {
  /** The main line: the channel's messages that are no thread replies. */
  newest: mainLine.newest,
  before: mainLine.before,
  after: mainLine.after,
  /** The replies in one root's thread ($1). */
  threadNewest: threadLine.newest,
  threadBefore: threadLine.before,
  threadAfter: threadLine.after,
  /** Everything added or changed after a seq: a message's version is at least its seq. */
  changesAfter: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.channel_id = $1 AND m.version > $2 ORDER BY m.version ASC LIMIT $3`,
  byId: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.id = $1 AND m.channel_id = $2`,
  /** The messages with any of the ids $1, in any channel. */
  byIds: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.id = ANY($1::text[])`,
  /** The message stored earlier by author $1 under client id $2. */
  byAuthorClient: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.author_id = $1 AND m.client_id = $2`,
  /** The messages stored earlier under any of the given `(author_id[i], client_id[i])` pairs. */
  byAuthorClients: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    JOIN unnest($1::text[], $2::text[]) AS wanted (author_id, client_id)
      ON m.author_id = wanted.author_id AND m.client_id = wanted.client_id
    WHERE m.client_id IS NOT NULL`,
} as const;

/** The reactions of an array of message ids, per emoji, `me` for the viewer ($1, null for none). */
export const REACTIONS_OF = `SELECT message_id, emoji, count(*)::integer AS count, bool_or(user_id = $1) AS me, min(added_seq) AS first_seq
  FROM reactions WHERE message_id = ANY($2::text[])
  GROUP BY message_id, emoji ORDER BY first_seq`;

/** The mentions of an array of message ids, with each user's current name, in position order. */
export const MENTIONS_OF = `SELECT mn.message_id, u.id, u.name, u.avatar_url
  FROM mentions mn JOIN users u ON u.id = mn.user_id
  WHERE mn.message_id = ANY($1::text[])
  ORDER BY mn.message_id, mn.position`;

/** A row of the queries above. */
export interface MessageRow extends ReplyColumns {
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
