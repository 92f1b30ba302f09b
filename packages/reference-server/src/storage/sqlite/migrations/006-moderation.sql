-- Community management and moderation: roles below the owner, time-outs, slow mode, bans,
-- invites and the audit log.

-- SQLite cannot change a CHECK in place: the memberships table is rebuilt with the wider role set
-- and the time-out column (ISO text, like every other timestamp here).
CREATE TABLE memberships_new (
  server_id    TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL REFERENCES users (id),
  role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'moderator', 'member')),
  joined_at    TEXT NOT NULL,
  muted_until  TEXT,
  PRIMARY KEY (server_id, user_id)
) WITHOUT ROWID;
INSERT INTO memberships_new (server_id, user_id, role, joined_at) SELECT server_id, user_id, role, joined_at FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
CREATE INDEX memberships_by_user ON memberships (user_id);

-- Seconds a member below moderator waits between two messages of the channel; 0 is off.
ALTER TABLE channels ADD COLUMN slow_mode_seconds INTEGER NOT NULL DEFAULT 0 CHECK (slow_mode_seconds >= 0);

-- Slow mode asks when an author last posted in a channel: one index lookup (its max created_at).
CREATE INDEX messages_by_channel_author ON messages (channel_id, author_id, created_at);
-- Deleting a channel deletes its messages; each deleted message is checked for replies to it,
-- which without this index would scan every message once per message deleted.
CREATE INDEX messages_by_reply ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;

-- A user banned from a server: one row per server and user, the membership removed with it.
CREATE TABLE bans (
  server_id   TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users (id),
  by_id       TEXT NOT NULL REFERENCES users (id),
  reason      TEXT,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (server_id, user_id)
) WITHOUT ROWID;

-- A code that joins whoever has it to a server; `uses` counts the members it made.
CREATE TABLE invites (
  code           TEXT PRIMARY KEY,
  server_id      TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  created_by_id  TEXT NOT NULL REFERENCES users (id),
  created_at     TEXT NOT NULL,
  expires_at     TEXT,
  max_uses       INTEGER,
  uses           INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0)
);
CREATE INDEX invites_by_server ON invites (server_id, created_at);

-- Who did what to whom in a server, read newest first a page at a time.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id     TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  actor_id      TEXT NOT NULL REFERENCES users (id),
  action        TEXT NOT NULL,
  target_kind   TEXT CHECK (target_kind IN ('server', 'channel', 'user', 'invite', 'message')),
  target_id     TEXT,
  target_label  TEXT,
  reason        TEXT,
  -- A JSON object of what changed.
  details       TEXT NOT NULL DEFAULT '{}',
  created_at    TEXT NOT NULL
);
CREATE INDEX audit_log_by_server ON audit_log (server_id, id DESC);
