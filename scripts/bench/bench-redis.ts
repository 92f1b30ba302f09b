import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the bench uses unless `--redis-url` says otherwise: the one the server tests use. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The bench's share of a Redis: a key and channel prefix of its own (`hearth-bench:<pid>:<random>:`),
 * so a shared Redis keeps other users' data apart, and the Redis server's CPU.
 */
export class BenchRedis {
  private constructor(
    private readonly client: Redis,
    /** For `HEARTH_REDIS_PREFIX`. */
    readonly prefix: string,
  ) {}

  /** Connects to `url`; fails with a clear message when Redis is not there. */
  static async connect(url: string): Promise<BenchRedis> {
    const client = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1, connectionName: 'hearth-bench' });
    // Errors surface through the commands that fail; unhandled, the event would end the bench.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new Error(`cannot reach Redis at ${url} (--redis-url): ${(error as Error).message}`, { cause: error });
    }
    return new BenchRedis(client, `hearth-bench:${process.pid}:${randomBytes(4).toString('hex')}:`);
  }

  /**
   * CPU seconds the Redis server has used so far (`INFO cpu`: user + system of the whole
   * process, as `/proc/<pid>/stat` gives them, and readable even when Redis runs elsewhere). A
   * shared Redis counts its other clients' work too.
   */
  async cpuSeconds(): Promise<number> {
    const info = await this.client.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return field('used_cpu_user') + field('used_cpu_sys');
  }

  /** Deletes the keys under the bench's prefix (the rate limiter's windows) and disconnects. */
  async close(): Promise<void> {
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.client.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await this.client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
