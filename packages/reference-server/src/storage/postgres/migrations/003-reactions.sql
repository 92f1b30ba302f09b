-- The same table as SQLite's 003-reactions.sql: one row per user per emoji per message;
-- `added_seq` is the seq the reaction took, so emoji are listed in the order they first appeared.
CREATE TABLE reactions (
  message_id  text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  emoji       text NOT NULL,
  user_id     text NOT NULL REFERENCES users (id),
  added_seq   integer NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
);
