import path from 'node:path';
import { BenchDatabase } from './bench-database.js';
import { BenchRedis } from './bench-redis.js';
import { HEARTH_SETTINGS_VARIABLE } from './child-protocol.js';
import { ServerProcess } from './server-process.js';
import {
  DEMO_CHANNEL,
  HEARTH_BENCH_SETTINGS,
  type Target,
  benchTokens,
  cleanEnvironment,
  hearthOverrides,
  joinDemoServer,
  makeTempDir,
  newSecret,
  profileArgs,
  removeTempDir,
  socketUrlOf,
} from './targets.js';

/** How many Hearth processes share the database and Redis. */
const PROCESSES = 2;

/** Where the cluster's database and Redis are. */
export interface ClusterServices {
  /** A PostgreSQL database the bench may connect to in order to create and drop its own. */
  postgresUrl: string;
  redisUrl: string;
}

/**
 * Hearth scaled out: two processes sharing one PostgreSQL database and one Redis, as behind a load
 * balancer. Each run makes a fresh database (dropped afterwards) and a Redis prefix of its own.
 * Sockets are dealt out to the processes in turn, so half of every message's subscribers are on
 * the process that did not take the send, and the message reaches them through Redis. Process
 * `i`'s profile (with `profileDir`) goes under `<profileDir>/<i + 1>`. The CPU readings are the
 * processes', then Redis', then PostgreSQL's, split into the backends of the bench's database and
 * the processes of no database (the WAL writer among them).
 */
export function hearthClusterTarget(services: ClusterServices): Target {
  return {
    key: 'hearth-pg',
    label: `Hearth ×${PROCESSES} on PG+Redis`,
    async start(shape, { profileDir }) {
      const dataDir = makeTempDir();
      const servers: ServerProcess[] = [];
      let database: BenchDatabase | undefined;
      let redis: BenchRedis | undefined;
      const dispose = async () => {
        await Promise.all(servers.map((server) => server.stop()));
        await redis?.close();
        await database?.drop();
        removeTempDir(dataDir);
      };
      try {
        database = await BenchDatabase.create(services.postgresUrl);
        const stale = await database.leftovers();
        if (stale.length > 0) {
          process.stderr.write(`note: bench databases of runs that were killed are left (drop them with dropdb): ${stale.join(', ')}\n`);
        }
        redis = await BenchRedis.connect(services.redisUrl);
        const secret = newSecret();
        const settings: Record<string, string> = {
          ...HEARTH_BENCH_SETTINGS,
          ...hearthOverrides(),
          PORT: '0',
          HOST: '127.0.0.1',
          HEARTH_DATA_DIR: dataDir,
          HEARTH_JWT_SECRET: secret,
          HEARTH_DEMO: '1',
          DATABASE_URL: database.url,
          REDIS_URL: services.redisUrl,
          HEARTH_REDIS_PREFIX: redis.prefix,
        };
        // One after the other: the first migrates the empty database and seeds the demo data, so
        // the second finds both done.
        for (let index = 0; index < PROCESSES; index++) {
          servers.push(
            await ServerProcess.start({
              script: 'hearth-child',
              env: { ...cleanEnvironment(), [HEARTH_SETTINGS_VARIABLE]: JSON.stringify(settings) },
              nodeArgs: profileArgs(profileDir && path.join(profileDir, String(index + 1))),
            }),
          );
        }
        const [first] = servers;
        if (!first) throw new Error('no Hearth process started');
        const tokens = await benchTokens(secret, shape);
        await joinDemoServer(first, tokens.senderTokens);
        const [db, bus] = [database, redis];
        return {
          process: first,
          processes: servers,
          endpoint: { socketUrls: servers.map(socketUrlOf), channelId: DEMO_CHANNEL, ...tokens },
          async readCpu() {
            const [own, postgres, redisCpu] = await Promise.all([
              Promise.all(servers.map((server) => server.cpuSeconds())),
              db.cpuSeconds(),
              bus.cpuSeconds(),
            ]);
            return [...own, redisCpu, postgres.database, postgres.background];
          },
          meters: [...servers.map((_, index) => `Hearth ${index + 1}`), 'Redis', 'PG db', 'PG bg'],
          dispose,
        };
      } catch (error) {
        await dispose();
        throw error;
      }
    },
  };
}
