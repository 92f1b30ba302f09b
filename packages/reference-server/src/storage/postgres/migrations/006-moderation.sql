-- The same change as SQLite's 006-moderation.sql: roles below the owner, time-outs, slow mode,
-- bans, invites and the audit log.
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'moderator', 'member'));
ALTER TABLE memberships ADD COLUMN muted_until timestamptz;

-- Seconds a member below moderator waits between two messages of the channel; 0 is off.
ALTER TABLE channels ADD COLUMN slow_mode_seconds integer NOT NULL DEFAULT 0 CHECK (slow_mode_seconds >= 0);

-- Slow mode asks when an author last posted in a channel: one index lookup (its max created_at).
CREATE INDEX messages_by_channel_author ON messages (channel_id, author_id, created_at);
-- Deleting a channel deletes its messages; each deleted message is checked for replies to it,
-- which without this index would scan every message once per message deleted.
CREATE INDEX messages_by_reply ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;

-- A user banned from a server: one row per server and user, the membership removed with it.
CREATE TABLE bans (
  server_id   text NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  user_id     text NOT NULL REFERENCES users (id),
  by_id       text NOT NULL REFERENCES users (id),
  reason      text,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (server_id, user_id)
);

-- A code that joins whoever has it to a server; `uses` counts the members it made. A use locks
-- the row, so two uses of the last one never both succeed.
CREATE TABLE invites (
  code           text PRIMARY KEY,
  server_id      text NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  created_by_id  text NOT NULL REFERENCES users (id),
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz,
  max_uses       integer,
  uses           integer NOT NULL DEFAULT 0 CHECK (uses >= 0)
);
CREATE INDEX invites_by_server ON invites (server_id, created_at);

-- Who did what to whom in a server, read newest first a page at a time.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  server_id     text NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  actor_id      text NOT NULL REFERENCES users (id),
  action        text NOT NULL,
  target_kind   text CHECK (target_kind IN ('server', 'channel', 'user', 'invite', 'message')),
  target_id     text,
  target_label  text,
  reason        text,
  details       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL
);
CREATE INDEX audit_log_by_server ON audit_log (server_id, id DESC);
