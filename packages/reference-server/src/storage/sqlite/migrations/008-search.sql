-- Full-text search over message content (FTS5). The messages table's primary key is its TEXT id,
-- so its implicit rowid is not stable (VACUUM may renumber it): the index is keyed instead on
-- message_search_keys.key, an INTEGER PRIMARY KEY, which VACUUM keeps. The index is contentless
-- (it stores no copy of the text: results are read back from messages), with contentless_delete
-- so that an edit or a delete can take a row's words out of it. Results are ranked by BM25 in
-- TypeScript (storage/sqlite/search-rank.ts): FTS5's bm25() counts every match of each word for
-- its weight, which for a word in most messages costs as much as reading them all.
CREATE TABLE message_search_keys (
  key         INTEGER PRIMARY KEY,
  message_id  TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE message_search USING fts5 (
  content,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  -- Prefix indexes: a search's last word also matches as a prefix, and a short prefix would
  -- otherwise merge the lists of every word it begins (all of "th…") before returning one row.
  prefix = '2 3 4'
);

-- Kept in step by triggers, in the transaction of each change: they mark the message's key stale
-- (`indexed` 0: not in the index yet; 1: in it with an older text), and the storage brings the
-- stale keys into the index in one statement before each search and every second. Writing FTS5
-- from the triggers directly would flush its pending words to a new segment on every savepoint,
-- and each append of a batch runs in a savepoint of its own: a tenfold slower append.
CREATE TABLE message_search_stale (
  key      INTEGER PRIMARY KEY,
  indexed  INTEGER NOT NULL CHECK (indexed IN (0, 1))
);

CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_search_keys (message_id) VALUES (new.id);
  INSERT INTO message_search_stale (key, indexed) SELECT key, 0 FROM message_search_keys WHERE message_id = new.id;
END;

-- An edit, or a delete (a tombstone: its content emptied), leaves the old words in the index until
-- the stale key is brought in: searches do that first, so they never read them.
CREATE TRIGGER message_search_update AFTER UPDATE OF content, deleted ON messages
WHEN old.content IS NOT new.content OR old.deleted IS NOT new.deleted BEGIN
  INSERT INTO message_search_stale (key, indexed) SELECT key, 1 FROM message_search_keys WHERE message_id = new.id
    ON CONFLICT (key) DO NOTHING;
END;

-- A channel delete removes its messages by cascade, which fires this too.
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  DELETE FROM message_search WHERE rowid = (
    SELECT k.key FROM message_search_keys k WHERE k.message_id = old.id
      AND NOT EXISTS (SELECT 1 FROM message_search_stale s WHERE s.key = k.key AND s.indexed = 0)
  );
  DELETE FROM message_search_stale WHERE key = (SELECT key FROM message_search_keys WHERE message_id = old.id);
  DELETE FROM message_search_keys WHERE message_id = old.id;
END;

-- The messages stored before this migration, oldest first so keys follow the order they were sent.
INSERT INTO message_search_keys (message_id) SELECT id FROM messages ORDER BY created_at, id;
INSERT INTO message_search (rowid, content) SELECT k.key, m.content FROM message_search_keys k JOIN messages m ON m.id = k.message_id
  WHERE m.deleted = 0;

-- Searches with only filters read the newest messages first, all of the readable channels' or one
-- author's, without sorting every message they match.
CREATE INDEX messages_by_created ON messages (created_at);
CREATE INDEX messages_by_author_created ON messages (author_id, created_at);
