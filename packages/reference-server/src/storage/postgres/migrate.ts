import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from 'pg';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * The advisory lock key every Hearth process takes while migrating (any constant works; this one
 * spells "hearth" in ASCII). Advisory locks are per database, so two installations never wait on
 * each other.
 */
const MIGRATION_LOCK_KEY = 0x686561727468n;

/** A migration file: `001-initial.sql` is version 1. */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

function migrationFiles(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d+-.+\.sql$/.test(name))
    .sort()
    .map((name) => ({
      version: Number.parseInt(name, 10),
      name,
      sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8'),
    }));
}

/**
 * Applies the numbered `migrations/*.sql` files the database has not seen yet, each in its own
 * transaction together with its row in `schema_migrations`.
 *
 * Several processes may start at once against an empty database: each takes a session advisory
 * lock first, so one migrates while the others wait, then find every version applied and do
 * nothing. Without the lock two of them would both see version 0 and one would fail halfway
 * through `CREATE TABLE`.
 */
export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version     integer PRIMARY KEY,
        name        text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((row) => row.version));
      for (const migration of migrationFiles()) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } catch (error) {
    // A session lock lives as long as the connection: never hand a connection that may still hold
    // it back to the pool.
    broken = true;
    throw error;
  } finally {
    client.release(broken);
  }
}
