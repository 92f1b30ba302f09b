import path from 'node:path';
import pg from 'pg';

/** The storage engine the server tests run against, chosen by `HEARTH_TEST_STORAGE`. */
export type TestEngine = 'sqlite' | 'postgres';

function engineFromEnvironment(): TestEngine {
  const value = process.env.HEARTH_TEST_STORAGE ?? 'sqlite';
  if (value !== 'sqlite' && value !== 'postgres') {
    throw new Error(`HEARTH_TEST_STORAGE: expected sqlite or postgres, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * `sqlite`: a temp SQLite file and in-process fan-out, needing no service. `postgres`: a fresh
 * PostgreSQL database and Redis fan-out under a fresh prefix, the set-up of several processes.
 */
export const TEST_ENGINE: TestEngine = engineFromEnvironment();

/** A database of this PostgreSQL that the tests may connect to in order to create and drop others. */
export const POSTGRES_ADMIN_URL = process.env.HEARTH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The Redis the tests share; each data directory gets its own key and channel prefix. */
export const REDIS_TEST_URL = process.env.HEARTH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The name of the database that belongs to a data directory: same directory, same database. */
export function databaseNameFor(dataDir: string): string {
  return `hearth_test_${Buffer.from(path.basename(dataDir)).toString('hex')}`.slice(0, 63);
}

/** The URL of a database of the test PostgreSQL. */
export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database unless it exists (a test restarting a server on the same data). */
export async function createTestDatabase(name: string): Promise<string> {
  await asAdmin(async (client) => {
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
  return databaseUrl(name);
}

/** Drops the database, cutting off any connection a killed server left behind. */
export async function dropTestDatabase(name: string): Promise<void> {
  await asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

/**
 * The settings that point a server at the storage and fan-out of `dataDir` under
 * {@link TEST_ENGINE}, creating its database when needed. Nothing for SQLite: the data directory
 * holds the file.
 */
export async function storageEnvironment(dataDir: string): Promise<Record<string, string>> {
  if (TEST_ENGINE === 'sqlite') return {};
  return {
    DATABASE_URL: await createTestDatabase(databaseNameFor(dataDir)),
    REDIS_URL: REDIS_TEST_URL,
    HEARTH_REDIS_PREFIX: `hearth-test:${path.basename(dataDir)}:`,
  };
}

/** Drops what {@link storageEnvironment} created. */
export async function releaseStorage(dataDir: string): Promise<void> {
  if (TEST_ENGINE === 'postgres') await dropTestDatabase(databaseNameFor(dataDir));
}
