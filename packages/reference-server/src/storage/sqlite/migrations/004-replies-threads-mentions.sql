-- Replies, threads and mentions. A reply names the message it answers; a thread reply names its
-- root, a message of the channel's main line, and takes the channel's next seq like any message.
ALTER TABLE messages ADD COLUMN reply_to_id TEXT REFERENCES messages (id);
ALTER TABLE messages ADD COLUMN thread_id TEXT REFERENCES messages (id);
-- A root's thread summary, raised in the transaction that stores each reply; the root's version
-- stays, so a reply is one change on the seq line, not two.
ALTER TABLE messages ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN last_reply_at TEXT;
ALTER TABLE messages ADD COLUMN last_reply_seq INTEGER;
-- The main line (history without thread replies) and a thread's replies, each one index range by seq.
CREATE INDEX messages_main_line ON messages (channel_id, seq) WHERE thread_id IS NULL;
CREATE INDEX messages_by_thread ON messages (thread_id, seq) WHERE thread_id IS NOT NULL;
-- The members a message mentions, by id so a rename shows; rewritten on edit, removed on delete.
CREATE TABLE mentions (
  message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  user_id     TEXT NOT NULL REFERENCES users (id),
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
