-- Read state: how far each user has read each channel. Raised, never lowered, and never past the
-- channel's last_seq; a channel without a row is read up to 0.
CREATE TABLE read_states (
  -- No reference to users: anyone with a token may read a public channel before Hearth records them.
  user_id        TEXT NOT NULL,
  channel_id     TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  last_read_seq  INTEGER NOT NULL CHECK (last_read_seq >= 0),
  PRIMARY KEY (user_id, channel_id)
) WITHOUT ROWID;
-- Unread mentions: a user's mentions in one index range, joined to their messages by id. Unread
-- messages use messages_main_line (channel_id, seq), one range per channel after the position.
CREATE INDEX mentions_by_user ON mentions (user_id, message_id);
