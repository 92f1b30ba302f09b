-- The same change as SQLite's 002-message-changes.sql: every change to a message takes the
-- channel's next seq, recorded as the message's version (its seq until it first changes).
ALTER TABLE messages ADD COLUMN version integer;
UPDATE messages SET version = seq;
ALTER TABLE messages ALTER COLUMN version SET NOT NULL;
ALTER TABLE messages ADD COLUMN edited_at timestamptz;
-- A tombstone: its content is emptied, its seq kept.
ALTER TABLE messages ADD COLUMN deleted boolean NOT NULL DEFAULT false;
-- Serves recovery ("every message changed or added after N", by version); one change per seq.
CREATE UNIQUE INDEX messages_channel_version ON messages (channel_id, version);
