import type { ReplyColumns } from '../reply-columns.js';

/** The columns of a {@link MessageRow}, read from {@link MESSAGE_SOURCE}. */
export const MESSAGE_COLUMNS = `m.id, m.channel_id, m.seq, m.client_id, m.content, m.created_at, m.version, m.edited_at, m.deleted,
  m.reply_to_id, m.thread_id, m.reply_count, m.last_reply_at, m.last_reply_seq,
  u.id AS author_id, u.name AS author_name, u.avatar_url AS author_avatar_url,
  q.seq AS quote_seq, substr(q.content, 1, 2000) AS quote_content, q.deleted AS quote_deleted,
  qu.id AS quote_author_id, qu.name AS quote_author_name, qu.avatar_url AS quote_author_avatar_url`;

/** A message's author, and the message it quotes with that one's author, as it stands now. */
const JOINS = `JOIN users u ON u.id = m.author_id
  LEFT JOIN messages q ON q.id = m.reply_to_id LEFT JOIN users qu ON qu.id = q.author_id`;
export const MESSAGE_SOURCE = `messages m ${JOINS}`;

/** The three pages of one line of history: the newest, before a seq, after a seq. */
function lineQueries(source: string, line: string) {
  return {
    newest: `SELECT ${MESSAGE_COLUMNS} FROM ${source} WHERE ${line} ORDER BY m.seq DESC LIMIT ?`,
    before: `SELECT ${MESSAGE_COLUMNS} FROM ${source} WHERE ${line} AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
    after: `SELECT ${MESSAGE_COLUMNS} FROM ${source} WHERE ${line} AND m.seq > ? ORDER BY m.seq ASC LIMIT ?`,
  };
}

// The partial indexes are named: SQLite would otherwise as soon take the (channel_id, seq) one,
// which holds the thread replies too, and skip them one by one.
const mainLine = lineQueries(`messages m INDEXED BY messages_main_line ${JOINS}`, 'm.channel_id = ? AND m.thread_id IS NULL');
const threadLine = lineQueries(`messages m INDEXED BY messages_by_thread ${JOINS}`, 'm.thread_id = ?');

/**
 * The history queries, kept apart so a test can ask SQLite for their plans: the main line must be
 * served by the `messages_main_line` index, a thread by `messages_by_thread`, and `changesAfter`
 * by `(channel_id, version)`, never by a scan of the channel.
 */
export const MESSAGE_QUERIES = {
  /** The main line: the channel's messages that are no thread replies. */
  newest: mainLine.newest,
  before: mainLine.before,
  after: mainLine.after,
  /** The replies in one root's thread (the first parameter). */
  threadNewest: threadLine.newest,
  threadBefore: threadLine.before,
  threadAfter: threadLine.after,
  /** Everything added or changed after a seq: a message's version is at least its seq. */
  changesAfter: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.channel_id = ? AND m.version > ? ORDER BY m.version ASC LIMIT ?`,
  byId: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.id = ? AND m.channel_id = ?`,
  /** The messages of a channel (the second parameter) with the ids of a JSON array (the first). */
  byIds: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.id IN (SELECT value FROM json_each(?)) AND m.channel_id = ?`,
  byAuthorClient: `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_SOURCE}
    WHERE m.author_id = ? AND m.client_id = ?`,
} as const;

/** The reactions of a JSON array of message ids, per emoji, `me` for the viewer (the first parameter). */
export const REACTIONS_OF = `SELECT message_id, emoji, count(*) AS count, max(user_id = ?) AS me, min(added_seq) AS first_seq
  FROM reactions WHERE message_id IN (SELECT value FROM json_each(?))
  GROUP BY message_id, emoji ORDER BY first_seq`;

/** The mentions of a JSON array of message ids, with each user's current name, in position order. */
export const MENTIONS_OF = `SELECT mn.message_id, u.id, u.name, u.avatar_url
  FROM mentions mn JOIN users u ON u.id = mn.user_id
  WHERE mn.message_id IN (SELECT value FROM json_each(?))
  ORDER BY mn.message_id, mn.position`;

/** A row of the queries above. */
export interface MessageRow extends ReplyColumns {
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
