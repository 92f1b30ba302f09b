import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, startServer, type ServerHandle } from '../../src/index.js';
import { createSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/types.js';
import { TEST_SECRET } from './tokens.js';

/** The category every test server has, so tests can create servers in it. */
export const TEST_CATEGORY = 'ct_test';

/** A server started for one test file: its handle, its storage and its private data directory. */
export interface TestServer extends ServerHandle {
  storage: Storage;
  dataDir: string;
  databasePath: string;
  /** Closes the server and removes its data directory. */
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
 * Starts a real server on a random port with a fresh SQLite file, with one category in it.
 *
 * @example
 * const server = await startTestServer();
 * afterAll(() => server.stop());
 */
export async function startTestServer(overrides: Record<string, string> = {}, dataDir = makeDataDir()): Promise<TestServer> {
  const config = loadConfig(testEnvironment(dataDir, overrides));
  const storage = createSqliteStorage({ path: config.databasePath, synchronous: config.sqliteSync });
  if (!(await storage.categories.get(TEST_CATEGORY))) {
    await storage.categories.create({ id: TEST_CATEGORY, name: 'Test', description: 'For tests', iconUrl: null });
  }
  const handle = await startServer(config, { storage });
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
    databasePath: config.databasePath,
    async stop() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
