-- The same change as SQLite's 005-read-states.sql: per user and channel, the seq read up to.
CREATE TABLE read_states (
  user_id        text NOT NULL,
  channel_id     text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  last_read_seq  integer NOT NULL CHECK (last_read_seq >= 0),
  PRIMARY KEY (user_id, channel_id)
);
-- Unread mentions: a user's mentions in one index range; unread messages use messages_main_line.
CREATE INDEX mentions_by_user ON mentions (user_id, message_id);
