-- Files uploaded to a channel and then referenced by a message. A row without a message_id is a
-- pending upload: only its uploader sees it until a send takes it, and the sweeper removes it when
-- no send takes it in time. The bytes live in the blob store under the row's id.
CREATE TABLE attachments (
  id            TEXT PRIMARY KEY,
  channel_id    TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  server_id     TEXT NOT NULL,
  uploader_id   TEXT NOT NULL REFERENCES users (id),
  -- A deleted message keeps its row as a tombstone, so its attachments are deleted with the
  -- delete itself; the cascade serves a channel delete, which removes the message rows.
  message_id    TEXT REFERENCES messages (id) ON DELETE CASCADE,
  -- Order on the message, from 0; null while pending.
  position      INTEGER,
  name          TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL CHECK (size > 0),
  width         INTEGER,
  height        INTEGER,
  created_at    TEXT NOT NULL
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
