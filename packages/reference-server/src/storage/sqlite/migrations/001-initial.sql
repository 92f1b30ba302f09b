CREATE TABLE users (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  avatar_url  TEXT
);

CREATE TABLE categories (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL DEFAULT '',
  icon_url     TEXT,
  position     INTEGER NOT NULL
);

CREATE TABLE servers (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  icon_url     TEXT,
  banner_url   TEXT,
  category_id  TEXT NOT NULL REFERENCES categories (id),
  owner_id     TEXT NOT NULL REFERENCES users (id),
  visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  created_at   TEXT NOT NULL
);
CREATE INDEX servers_by_category ON servers (category_id);

CREATE TABLE memberships (
  server_id  TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users (id),
  role       TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at  TEXT NOT NULL,
  PRIMARY KEY (server_id, user_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE channels (
  id         TEXT PRIMARY KEY,
  server_id  TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  topic      TEXT NOT NULL DEFAULT '',
  position   INTEGER NOT NULL,
  -- The channel's newest seq: bumped in the transaction that stores a message, so seq has no gaps.
  last_seq   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (server_id, name)
);

CREATE TABLE messages (
  id          TEXT PRIMARY KEY,
  channel_id  TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  author_id   TEXT NOT NULL REFERENCES users (id),
  client_id   TEXT,
  content     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (channel_id, seq)
);
CREATE UNIQUE INDEX messages_by_author_client ON messages (author_id, client_id) WHERE client_id IS NOT NULL;
