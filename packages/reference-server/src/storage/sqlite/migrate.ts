import { readdirSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Applies the numbered `migrations/*.sql` files the database has not seen yet, each in its own
 * transaction; `PRAGMA user_version` records the last one applied.
 */
export function migrate(db: Database.Database): void {
  const applied = Number(db.pragma('user_version', { simple: true }));
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d+-.+\.sql$/.test(name))
    .sort();
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (version <= applied) continue;
    const sql = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
