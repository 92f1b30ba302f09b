/**
 * The same statements as SQLite's read-state-queries.ts, with `$1` the user: unread main-line
 * messages of others after a position (an index range of `messages_main_line`) and the messages of
 * others after it that mention the user (`mentions_by_user` joined to its messages by id).
 */
const UNREAD_AFTER = (channel: string, position: string) => `(SELECT count(*)::integer FROM messages m
  WHERE m.channel_id = ${channel} AND m.thread_id IS NULL AND m.seq > ${position} AND NOT m.deleted AND m.author_id <> $1)`;

/** Every channel of the user's servers with its position and counts: one statement, whatever the number of channels. */
export const LIST_READ_STATES = `SELECT c.id AS channel_id, c.server_id, c.last_seq,
    coalesce(r.last_read_seq, 0) AS last_read_seq, coalesce(r.last_read_seq, 0) AS stored_seq,
    ${UNREAD_AFTER('c.id', 'coalesce(r.last_read_seq, 0)')} AS unread,
    coalesce(mc.mentions, 0)::integer AS mentions
  FROM memberships ms
  JOIN channels c ON c.server_id = ms.server_id
  LEFT JOIN read_states r ON r.user_id = $1 AND r.channel_id = c.id
  LEFT JOIN (
    SELECT m.channel_id, count(DISTINCT m.id) AS mentions
    FROM mentions x JOIN messages m ON m.id = x.message_id
    LEFT JOIN read_states rm ON rm.user_id = $1 AND rm.channel_id = m.channel_id
    WHERE x.user_id = $1 AND m.seq > coalesce(rm.last_read_seq, 0) AND NOT m.deleted AND m.author_id <> $1
    GROUP BY m.channel_id
  ) mc ON mc.channel_id = c.id
  WHERE ms.user_id = $1
  ORDER BY ms.server_id, c.position`;

/** One channel's state as if read up to at least `$3` (clamped to its newest seq); `$2` the channel. */
export const GET_READ_STATE = `WITH p AS (
    SELECT c.id AS channel_id, c.server_id, c.last_seq, coalesce(r.last_read_seq, 0) AS stored_seq,
      greatest(coalesce(r.last_read_seq, 0), least($3::integer, c.last_seq)) AS last_read_seq
    FROM channels c LEFT JOIN read_states r ON r.user_id = $1 AND r.channel_id = c.id
    WHERE c.id = $2
  )
  SELECT p.channel_id, p.server_id, p.last_seq, p.last_read_seq, p.stored_seq,
    ${UNREAD_AFTER('p.channel_id', 'p.last_read_seq')} AS unread,
    (SELECT count(DISTINCT m.id)::integer FROM mentions x JOIN messages m ON m.id = x.message_id
      WHERE x.user_id = $1 AND m.channel_id = p.channel_id AND m.seq > p.last_read_seq AND NOT m.deleted
        AND m.author_id <> $1) AS mentions
  FROM p`;

/**
 * Raises positions given as arrays (`$1` users, `$2` channels, `$3` seqs), each clamped to its
 * channel's newest seq; never lowers one. Sorted so concurrent flushes lock rows in one order.
 */
export const RAISE_READ_STATES = `INSERT INTO read_states (user_id, channel_id, last_read_seq)
  SELECT mark.user_id, c.id, least(mark.seq, c.last_seq)
  FROM unnest($1::text[], $2::text[], $3::integer[]) AS mark (user_id, channel_id, seq)
  JOIN channels c ON c.id = mark.channel_id
  ORDER BY mark.user_id, c.id
  ON CONFLICT (user_id, channel_id) DO UPDATE SET last_read_seq = greatest(read_states.last_read_seq, excluded.last_read_seq)`;
