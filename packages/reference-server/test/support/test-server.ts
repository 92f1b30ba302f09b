import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Logger, pino } from 'pino';
import type { DatabaseConfig } from '../../src/config.js';
import { loadConfig, startServer, type ServerHandle } from '../../src/index.js';
import { openStorage } from '../../src/storage/open-storage.js';
import type { Storage } from '../../src/storage/types.js';
import { releaseStorage, storageEnvironment } from './test-storage.js';
import { TEST_SECRET } from './tokens.js';

/** The category every test server has, so tests can create servers in it. */
export const TEST_CATEGORY = 'ct_test';

/** A server started for one test file: its handle, its storage and its private data directory. */
export interface TestServer extends ServerHandle {
  storage: Storage;
  dataDir: string;
  /** The database it runs on: a SQLite file or a PostgreSQL database of its own. */
  database: DatabaseConfig;
  /** Closes the server, removes its data directory and drops its database. */
  stop(): Promise<void>;
}

/** A fresh data directory under the system's temp directory. */
export function makeDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'hearth-test-'));
}

/** The environment a test server starts from: port 0, loopback, guest mode on, quiet logs. */
export function testEnvironment(dataDir: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    HEARTH_DATA_DIR: dataDir,
    HEARTH_JWT_SECRET: TEST_SECRET,
    HEARTH_GUEST: '1',
    HEARTH_LOG_LEVEL: 'silent',
    HEARTH_SQLITE_SYNC: 'normal',
    ...overrides,
  };
}

/**
 * The environment of a server on the storage engine under test (`HEARTH_TEST_STORAGE`) whose
 * database holds the test category: a SQLite file in `dataDir`, or a PostgreSQL database and a
 * Redis prefix of its own. Undo it with {@link releaseStorage}.
 */
export async function prepareEnvironment(dataDir: string, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const env = testEnvironment(dataDir, { ...(await storageEnvironment(dataDir)), ...overrides });
  const storage = await openStorage(loadConfig(env).database, pino({ level: 'silent' }));
  try {
    if (!(await storage.categories.get(TEST_CATEGORY))) {
      await storage.categories.create({ id: TEST_CATEGORY, name: 'Test', description: 'For tests', iconUrl: null });
    }
  } finally {
    await storage.close();
  }
  return env;
}

/**
 * Starts a real server on a random port with fresh storage (see {@link prepareEnvironment}),
 * with one category in it. The same `dataDir` again means the same data; `log` replaces the
 * server's own logger, so a test can read what it logs.
 *
 * @example
 * const server = await startTestServer();
 * afterAll(() => server.stop());
 */
export async function startTestServer(
  overrides: Record<string, string> = {},
  dataDir = makeDataDir(),
  { log }: { log?: Logger } = {},
): Promise<TestServer> {
  const config = loadConfig(await prepareEnvironment(dataDir, overrides));
  const storage = await openStorage(config.database, pino({ level: 'silent' }));
  const handle = await startServer(config, { storage, ...(log && { log }) });
  return {
    url: handle.url,
    socketUrl: handle.socketUrl,
    port: handle.port,
    get connections() {
      return handle.connections;
    },
    close: () => handle.close(),
    storage,
    dataDir,
    database: config.database,
    async stop() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
      await releaseStorage(dataDir);
    },
  };
}
