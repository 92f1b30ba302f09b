import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config.js';
import type { Storage } from './types.js';

/**
 * The storage the configuration asks for: a SQLite file, or a PostgreSQL database (migrated
 * before this resolves). Rejects with a message naming the database when it cannot be used.
 * Only the engine asked for is loaded: the other's driver costs start time and memory for nothing.
 */
export async function openStorage(database: DatabaseConfig, log: Logger): Promise<Storage> {
  if (database.engine === 'sqlite') {
    const { createSqliteStorage } = await import('./sqlite/sqlite-storage.js');
    return createSqliteStorage({
      path: database.path,
      synchronous: database.synchronous,
      writer: database.writer,
      commitIntervalMs: database.commitIntervalMs,
    });
  }
  const { createPostgresStorage } = await import('./postgres/postgres-storage.js');
  return createPostgresStorage({
    url: database.url,
    poolSize: database.poolSize,
    onIdleError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed'),
  });
}
