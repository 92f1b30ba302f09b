import type { Logger } from 'pino';
import type { RedisConfig } from '../config.js';
import { type WindowCounter, createLocalWindowCounter } from './window-counter.js';

/**
 * Where per-user limits are counted: in Redis when the configuration names one (every process
 * shares them), here otherwise. The Redis client is loaded only then.
 */
export async function openWindowCounter(redis: RedisConfig | undefined, log: Logger): Promise<WindowCounter> {
  if (!redis) return createLocalWindowCounter();
  const { createRedisWindowCounter } = await import('./redis-window-counter.js');
  return createRedisWindowCounter({ url: redis.url, prefix: redis.prefix, log });
}
