-- Edits and deletes: every change to a message takes the channel's next seq, recorded as the
-- message's version (its seq until it first changes), so "everything after seq N" is one index range.
ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN edited_at TEXT;
-- A tombstone: its content is emptied, its seq kept.
ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1));
UPDATE messages SET version = seq;
-- Serves recovery ("every message changed or added after N", by version); one change per seq.
CREATE UNIQUE INDEX messages_by_channel_version ON messages (channel_id, version);
