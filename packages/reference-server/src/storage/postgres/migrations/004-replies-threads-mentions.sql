-- The same change as SQLite's 004-replies-threads-mentions.sql: replies, threads and mentions.
ALTER TABLE messages ADD COLUMN reply_to_id text REFERENCES messages (id);
ALTER TABLE messages ADD COLUMN thread_id text REFERENCES messages (id);
-- A root's thread summary, raised in the transaction that stores each reply; the root's version stays.
ALTER TABLE messages ADD COLUMN reply_count integer NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN last_reply_at timestamptz;
ALTER TABLE messages ADD COLUMN last_reply_seq integer;
-- The main line (history without thread replies) and a thread's replies, each one index range by seq.
CREATE INDEX messages_main_line ON messages (channel_id, seq) WHERE thread_id IS NULL;
CREATE INDEX messages_by_thread ON messages (thread_id, seq) WHERE thread_id IS NOT NULL;
-- The members a message mentions, by id so a rename shows; rewritten on edit, removed on delete.
CREATE TABLE mentions (
  message_id  text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  user_id     text NOT NULL REFERENCES users (id),
  PRIMARY KEY (message_id, position)
);
