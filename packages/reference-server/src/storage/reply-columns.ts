import type { Message } from '../domain/types.js';

/**
 * The columns both engines' message queries add for replies and threads: the message's own
 * `reply_to_id`, `thread_id` and thread summary, and the quoted message joined as it stands now.
 */
export interface ReplyColumns {
  reply_to_id: string | null;
  thread_id: string | null;
  reply_count: number;
  /** SQLite answers the ISO text it was given, PostgreSQL a Date. */
  last_reply_at: string | Date | null;
  last_reply_seq: number | null;
  quote_seq: number | null;
  /**
   * The start of the quoted content, cut by characters in SQL long enough for the excerpt once its
   * mentions are written as names ({@link withQuoteExcerpts} makes the excerpt).
   */
  quote_content: string | null;
  /** SQLite's 0/1 or PostgreSQL's boolean. */
  quote_deleted: number | boolean | null;
  quote_author_id: string | null;
  quote_author_name: string | null;
  quote_author_avatar_url: string | null;
}

const isoOf = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString());

/**
 * A row's reply quote, thread id and thread summary, as the domain sees them; the quote's
 * `excerpt` is the quoted content as read until {@link withQuoteExcerpts} cuts it.
 */
export function replyPartsOf(row: ReplyColumns): Pick<Message, 'replyTo' | 'threadId' | 'thread'> {
  const quoted = row.reply_to_id !== null && row.quote_seq !== null && row.quote_author_id !== null;
  const deleted = Boolean(row.quote_deleted);
  return {
    replyTo: quoted
      ? {
          id: row.reply_to_id as string,
          seq: Number(row.quote_seq),
          author: { id: row.quote_author_id as string, name: row.quote_author_name ?? '', avatarUrl: row.quote_author_avatar_url },
          excerpt: deleted ? '' : (row.quote_content ?? ''),
          deleted,
        }
      : null,
    threadId: row.thread_id,
    thread:
      row.reply_count > 0 && row.last_reply_at !== null && row.last_reply_seq !== null
        ? { replyCount: Number(row.reply_count), lastReplyAt: isoOf(row.last_reply_at), lastReplySeq: Number(row.last_reply_seq) }
        : null,
  };
}
