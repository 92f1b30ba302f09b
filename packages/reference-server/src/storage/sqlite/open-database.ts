import Database from 'better-sqlite3';

/** `full` makes every commit survive power loss; `normal` only a process crash. */
export type SqliteSynchronous = 'full' | 'normal';

/**
 * A connection to the SQLite file with the settings every connection of Hearth's needs: WAL (one
 * writer beside any number of readers), the durability asked for, foreign keys, a wait for the
 * write lock rather than an error, and `unicode_lower`.
 */
export function openDatabase(file: string, synchronous: SqliteSynchronous): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Names are compared lowercased the way JavaScript (and PostgreSQL) lowercases them, not only ASCII.
  db.function('unicode_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
  return db;
}
