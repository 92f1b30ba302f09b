import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../redact-url.js';
import { type WindowCounter, createLocalWindowCounter } from './window-counter.js';

/**
 * Adds to a counter and starts its window when it is new, atomically: a window whose expiry was
 * lost (a key made by another client) gets one, so no count lives for ever.
 */
const ADD_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return { count, ttl }
`;

const QUIT_WAIT_MS = 2000;

/** Options of {@link createRedisWindowCounter}. */
export interface RedisWindowCounterOptions {
  url: string;
  /** Put before every key, as for the fan-out's channels. */
  prefix: string;
  log: Logger;
  connectTimeoutMs?: number;
}

/**
 * A {@link WindowCounter} in Redis, shared by every process of a server: one `INCRBY` and
 * `PEXPIRE` per call, in a Lua script so concurrent callers never see a window without an end.
 * While Redis cannot be reached, each process counts on its own instead of waiting: a Redis
 * outage must not stop people from chatting (posts are stored and acked without Redis).
 */
export async function createRedisWindowCounter(options: RedisWindowCounterOptions): Promise<WindowCounter> {
  const { log } = options;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    connectionName: 'hearth-limits',
    // Fail at once while Redis is away, so the count falls back to this process instead of waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  redis.defineCommand('hearthWindowAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) log.warn({ err: error, role: 'limits' }, 'lost the connection to redis; retrying');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info({ role: 'limits' }, 'reconnected to redis');
    down = false;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  const local = createLocalWindowCounter();
  const scripted = redis as Redis & { hearthWindowAdd(key: string, cost: number, windowMs: number): Promise<[number, number]> };
  return {
    async add(key, cost, windowMs) {
      if (redis.status !== 'ready') return local.add(key, cost, windowMs);
      try {
        const [count, resetMs] = await scripted.hearthWindowAdd(`${options.prefix}limit:${key}`, cost, windowMs);
        return { count, resetMs };
      } catch (error) {
        log.debug({ err: error }, 'counting a limit in this process while redis is away');
        return local.add(key, cost, windowMs);
      }
    },
    async close() {
      if (redis.status === 'ready') {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          redis.quit().catch(() => undefined),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS))),
        ]);
        clearTimeout(timer);
      }
      redis.disconnect();
    },
  };
}
