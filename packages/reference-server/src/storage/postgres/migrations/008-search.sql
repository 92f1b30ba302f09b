-- Full-text search over message content, the twin of SQLite's 008-search.sql: a tsvector of each
-- message's text (configuration `simple`: every word kept, lowercased, no stemming), kept in step
-- with edits and deletes as a generated column, and a GIN index over it.
--
-- Accents are folded with the unaccent extension where it is installed or can be installed;
-- without it search ignores case only. hearth_search_fold wraps it as an IMMUTABLE function (the
-- extension's own unaccent(text) is only STABLE, as it reads its dictionary by name), which a
-- generated column requires.
DO $migration$
DECLARE
  unaccent_schema text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_file THEN
      RAISE NOTICE 'unaccent could not be installed: search ignores case but not accents';
    END;
  END IF;
  SELECT n.nspname INTO unaccent_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
  IF unaccent_schema IS NULL THEN
    CREATE FUNCTION hearth_search_fold(text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ SELECT $1 $fold$;
  ELSE
    EXECUTE format(
      'CREATE FUNCTION hearth_search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         AS $fold$ SELECT %I.unaccent(%L::regdictionary, $1) $fold$',
      unaccent_schema, unaccent_schema || '.unaccent');
  END IF;
END
$migration$;

-- The default parser reads `ada@example.com`, `example.com/deploy` or `3.14` as one token where
-- SQLite's unicode61 sees several words: these separators become spaces first, so both engines
-- find the same words in a message.
CREATE FUNCTION hearth_search_vector(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $vector$ SELECT to_tsvector('simple'::regconfig, translate(hearth_search_fold($1), '@/.:_-+~=#%&?\|', '               ')) $vector$;

-- A tombstone's content is empty, so its vector is too: a deleted message leaves the index.
ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (hearth_search_vector(content)) STORED;
CREATE INDEX messages_search ON messages USING gin (search_vector);

-- Searches with only filters read the newest messages first, all of the readable channels' or one
-- author's, without sorting every message they match.
CREATE INDEX messages_by_created ON messages (created_at);
CREATE INDEX messages_by_author_created ON messages (author_id, created_at);
