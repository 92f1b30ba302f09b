import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config.js';
import { createPostgresStorage } from './postgres/postgres-storage.js';
import { createSqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './types.js';

/**
 * The storage the configuration asks for: a SQLite file, or a PostgreSQL database (migrated
 * before this resolves). Rejects with a message naming the database when it cannot be used.
 */
export async function openStorage(database: DatabaseConfig, log: Logger): Promise<Storage> {
  if (database.engine === 'sqlite') return createSqliteStorage({ path: database.path, synchronous: database.synchronous });
  return createPostgresStorage({
    url: database.url,
    poolSize: database.poolSize,
    onIdleError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed'),
  });
}
