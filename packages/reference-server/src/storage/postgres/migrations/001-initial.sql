-- The same tables as SQLite's 001-initial.sql, in PostgreSQL's types: times are timestamptz.

CREATE TABLE users (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  avatar_url  text
);

CREATE TABLE categories (
  id           text PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  description  text NOT NULL DEFAULT '',
  icon_url     text,
  position     integer NOT NULL
);

CREATE TABLE servers (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  icon_url     text,
  banner_url   text,
  category_id  text NOT NULL REFERENCES categories (id),
  owner_id     text NOT NULL REFERENCES users (id),
  visibility   text NOT NULL CHECK (visibility IN ('public', 'private')),
  created_at   timestamptz NOT NULL
);
CREATE INDEX servers_by_category ON servers (category_id);
CREATE INDEX servers_by_creation ON servers (created_at, id);

CREATE TABLE memberships (
  server_id  text NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  user_id    text NOT NULL REFERENCES users (id),
  role       text NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at  timestamptz NOT NULL,
  PRIMARY KEY (server_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE channels (
  id         text PRIMARY KEY,
  server_id  text NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  name       text NOT NULL,
  topic      text NOT NULL DEFAULT '',
  position   integer NOT NULL,
  -- The channel's newest seq. A message's transaction bumps it with UPDATE … RETURNING, which holds
  -- the row lock until commit: writers of one channel, in any process, take seqs one after another,
  -- so seq has no gaps and commit order is seq order.
  last_seq   integer NOT NULL DEFAULT 0,
  CONSTRAINT channels_name_in_server UNIQUE (server_id, name)
);

CREATE TABLE messages (
  id          text PRIMARY KEY,
  channel_id  text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  author_id   text NOT NULL REFERENCES users (id),
  client_id   text,
  content     text NOT NULL,
  created_at  timestamptz NOT NULL,
  -- Serves every history query (newest, before, after) as one index range, in seq order.
  CONSTRAINT messages_channel_seq UNIQUE (channel_id, seq)
);
-- Idempotent sends: a second (author, clientId) fails here, even when it comes from another process.
CREATE UNIQUE INDEX messages_by_author_client ON messages (author_id, client_id) WHERE client_id IS NOT NULL;
