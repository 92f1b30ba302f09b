/**
 * The counts of one read position `p` (a `last_read_seq` column) for the user `@user`: the main-line
 * messages of others after it that are not deleted, and the messages of others after it that
 * mention the user. Each is one index range: `messages_main_line` by (channel, seq), and
 * `mentions_by_user` joined to its messages by id.
 */
const UNREAD_AFTER = (channel: string, position: string) => `(SELECT count(*) FROM messages m
  WHERE m.channel_id = ${channel} AND m.thread_id IS NULL AND m.seq > ${position} AND m.deleted = 0 AND m.author_id <> @user)`;

/** Every channel of the user's servers with its position and counts: one statement, whatever the number of channels. */
export const LIST_READ_STATES = `SELECT c.id AS channel_id, c.server_id, c.last_seq,
    coalesce(r.last_read_seq, 0) AS last_read_seq, coalesce(r.last_read_seq, 0) AS stored_seq,
    ${UNREAD_AFTER('c.id', 'coalesce(r.last_read_seq, 0)')} AS unread,
    coalesce(mc.mentions, 0) AS mentions
  FROM memberships ms
  JOIN channels c ON c.server_id = ms.server_id
  LEFT JOIN read_states r ON r.user_id = @user AND r.channel_id = c.id
  LEFT JOIN (
    SELECT m.channel_id, count(DISTINCT m.id) AS mentions
    FROM mentions x JOIN messages m ON m.id = x.message_id
    LEFT JOIN read_states rm ON rm.user_id = @user AND rm.channel_id = m.channel_id
    WHERE x.user_id = @user AND m.seq > coalesce(rm.last_read_seq, 0) AND m.deleted = 0 AND m.author_id <> @user
    GROUP BY m.channel_id
  ) mc ON mc.channel_id = c.id
  WHERE ms.user_id = @user
  ORDER BY ms.server_id, c.position`;

/** One channel's state as if read up to at least `@atLeast` (clamped to its newest seq). */
export const GET_READ_STATE = `WITH p AS (
    SELECT c.id AS channel_id, c.server_id, c.last_seq, coalesce(r.last_read_seq, 0) AS stored_seq,
      max(coalesce(r.last_read_seq, 0), min(@atLeast, c.last_seq)) AS last_read_seq
    FROM channels c LEFT JOIN read_states r ON r.user_id = @user AND r.channel_id = c.id
    WHERE c.id = @channel
  )
  SELECT p.channel_id, p.server_id, p.last_seq, p.last_read_seq, p.stored_seq,
    ${UNREAD_AFTER('p.channel_id', 'p.last_read_seq')} AS unread,
    (SELECT count(DISTINCT m.id) FROM mentions x JOIN messages m ON m.id = x.message_id
      WHERE x.user_id = @user AND m.channel_id = p.channel_id AND m.seq > p.last_read_seq AND m.deleted = 0
        AND m.author_id <> @user) AS mentions
  FROM p`;

/** Raises one position, clamped to the channel's newest seq; never lowers it. */
export const RAISE_READ_STATE = `INSERT INTO read_states (user_id, channel_id, last_read_seq)
  SELECT @user, c.id, min(@seq, c.last_seq) FROM channels c WHERE c.id = @channel
  ON CONFLICT (user_id, channel_id) DO UPDATE SET last_read_seq = max(read_states.last_read_seq, excluded.last_read_seq)`;
