import type { Logger } from 'pino';
import type { RedisConfig } from '../config.js';
import { createLocalFanout } from './local-fanout.js';
import type { Fanout } from './types.js';

/**
 * The fan-out the configuration asks for: over Redis when it names one (several processes), in
 * this process otherwise. Rejects with a message naming Redis when it cannot be reached. The Redis
 * client is loaded only then, so a single process never pays for it.
 */
export async function openFanout(redis: RedisConfig | undefined, log: Logger): Promise<Fanout> {
  if (!redis) return createLocalFanout();
  const { createRedisFanout } = await import('./redis-fanout.js');
  return createRedisFanout({ url: redis.url, prefix: redis.prefix, log });
}
