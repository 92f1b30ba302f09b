import type { Logger } from 'pino';
import type { RedisConfig } from '../config.js';
import { createRedisWindowCounter } from './redis-window-counter.js';
import { type WindowCounter, createLocalWindowCounter } from './window-counter.js';

/** Where per-user limits are counted: in Redis when the configuration names one (every process shares them), here otherwise. */
export function openWindowCounter(redis: RedisConfig | undefined, log: Logger): Promise<WindowCounter> {
  if (!redis) return Promise.resolve(createLocalWindowCounter());
  return createRedisWindowCounter({ url: redis.url, prefix: redis.prefix, log });
}
