import type Database from 'better-sqlite3';

/** How often the index catches up with changed messages when no search asks first. */
export const CATCH_UP_MS = 1000;

/**
 * Brings the messages changed since the last time into the search index (FTS5, migrations 008 and
 * 009), in one transaction; nothing when nothing changed. The triggers of `messages` only note
 * what changed: indexing it all in one statement writes one FTS5 segment for all of it, rather
 * than one per message inside every append's commit. It takes the write lock first (`BEGIN
 * IMMEDIATE`), since another connection (the message writer) may write meanwhile.
 */
export function createSearchCatchUp(db: Database.Database): () => void {
  const stale = {
    any: db.prepare<[], { found: number }>('SELECT 1 AS found FROM message_search_stale LIMIT 1'),
    unindex: db.prepare('DELETE FROM message_search WHERE rowid IN (SELECT key FROM message_search_stale WHERE indexed = 1)'),
    index: db.prepare(`INSERT INTO message_search (rowid, content, author, channel)
      SELECT s.key, m.content, hex(m.author_id), hex(m.channel_id) FROM message_search_stale s
      JOIN message_search_keys k ON k.key = s.key JOIN messages m ON m.id = k.message_id
      WHERE m.deleted = 0`),
    clear: db.prepare('DELETE FROM message_search_stale'),
  };
  // One statement for every stale key: FTS5 then writes one segment for all of them.
  const bringStaleIn = db.transaction(() => {
    stale.unindex.run();
    stale.index.run();
    stale.clear.run();
  });
  return () => {
    if (stale.any.get()) bringStaleIn.immediate();
  };
}
