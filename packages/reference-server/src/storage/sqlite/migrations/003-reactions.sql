-- Reactions: one row per user per emoji per message. `added_seq` is the seq the reaction took,
-- so a message's emoji are listed in the order they first appeared.
CREATE TABLE reactions (
  message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  emoji       TEXT NOT NULL,
  user_id     TEXT NOT NULL REFERENCES users (id),
  added_seq   INTEGER NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
) WITHOUT ROWID;
