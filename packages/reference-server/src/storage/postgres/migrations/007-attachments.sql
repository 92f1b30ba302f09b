-- The same change as SQLite's 007-attachments.sql: files uploaded to a channel and then referenced
-- by a message. A row without a message_id is a pending upload; the bytes live in the blob store
-- under the row's id.
CREATE TABLE attachments (
  id            text PRIMARY KEY,
  channel_id    text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  server_id     text NOT NULL,
  uploader_id   text NOT NULL REFERENCES users (id),
  -- A deleted message keeps its row as a tombstone, so its attachments are deleted with the
  -- delete itself; the cascade serves a channel delete, which removes the message rows.
  message_id    text REFERENCES messages (id) ON DELETE CASCADE,
  -- Order on the message, from 0; null while pending.
  position      integer,
  name          text NOT NULL,
  content_type  text NOT NULL,
  size          integer NOT NULL CHECK (size > 0),
  width         integer,
  height        integer,
  created_at    timestamptz NOT NULL
);
-- A page of messages loads its attachments in one query by message id; deleting messages (a
-- channel's) finds their rows through it too.
CREATE INDEX attachments_by_message ON attachments (message_id, position);
-- A channel delete lists the files whose bytes go with it, and cascades to their rows.
CREATE INDEX attachments_by_channel ON attachments (channel_id);
-- Counting a user's pending uploads, and checking the ids of a send against them.
CREATE INDEX attachments_pending_by_uploader ON attachments (uploader_id) WHERE message_id IS NULL;
-- The sweeper reads the oldest pending uploads first.
CREATE INDEX attachments_by_created ON attachments (created_at) WHERE message_id IS NULL;
