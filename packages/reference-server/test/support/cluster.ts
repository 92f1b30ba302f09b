import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { type ServerProcess, spawnServer } from './server-process.js';
import { TEST_CATEGORY, makeDataDir, testEnvironment } from './test-server.js';
import { REDIS_TEST_URL, createTestDatabase, databaseNameFor, dropTestDatabase } from './test-storage.js';

/** Several Hearth processes sharing one PostgreSQL database and one Redis, as behind a load balancer. */
export interface Cluster {
  /** The processes, in the order they were started. */
  processes: ServerProcess[];
  /** The environment every process runs with. */
  env: Record<string, string>;
  databaseUrl: string;
  /** Starts one more process on the same database and Redis. */
  add(): Promise<ServerProcess>;
  /** Kills every process, drops the database and removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts `count` server processes at once on a fresh PostgreSQL database (so they race to migrate
 * it) and Redis under a fresh prefix, then adds the test category.
 */
export async function startCluster(count: number, overrides: Record<string, string> = {}): Promise<Cluster> {
  const dataDir = makeDataDir();
  const databaseName = databaseNameFor(dataDir);
  const databaseUrl = await createTestDatabase(databaseName);
  const env = testEnvironment(dataDir, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS_TEST_URL,
    HEARTH_REDIS_PREFIX: `hearth-test:${randomBytes(6).toString('hex')}:`,
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
    HEARTH_HTTP_WRITES_PER_MINUTE: '100000',
    HEARTH_USER_MESSAGES_PER_WINDOW: '1000000',
    ...overrides,
  });
  const processes: ServerProcess[] = [];
  const add = async () => {
    const started = await spawnServer(env);
    processes.push(started);
    return started;
  };
  const stop = async () => {
    await Promise.all(
      processes.map(async (server) => {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
        await server.exited;
      }),
    );
    await dropTestDatabase(databaseName);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const initial = await Promise.all(Array.from({ length: count }, () => add()));
    processes.splice(0, processes.length, ...initial);
    const storage = await createPostgresStorage({ url: databaseUrl, poolSize: 2 });
    await storage.categories.create({ id: TEST_CATEGORY, name: 'Test', description: 'For tests', iconUrl: null });
    await storage.close();
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes, env, databaseUrl, add, stop };
}
