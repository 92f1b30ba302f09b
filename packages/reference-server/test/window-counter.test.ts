import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisWindowCounter } from '../src/rate-limit/redis-window-counter.js';
import { type WindowCounter, createLocalWindowCounter } from '../src/rate-limit/window-counter.js';
import { type RedisProcess, startRedis } from './support/redis-process.js';

const log = pino({ level: 'silent' });

describe('local window counter', () => {
  it('adds per key within a window, reads with a cost of 0, and starts again from 0 once the window ends', async () => {
    let now = 1_000;
    const counter = createLocalWindowCounter(() => now);
    expect(await counter.add('a', 1, 100)).toEqual({ count: 1, resetMs: 100 });
    now += 40;
    expect(await counter.add('a', 5, 100)).toEqual({ count: 6, resetMs: 60 });
    expect(await counter.add('b', 0, 100)).toEqual({ count: 0, resetMs: 100 });
    expect(await counter.add('a', 0, 100)).toEqual({ count: 6, resetMs: 60 });
    now += 60;
    expect(await counter.add('a', 2, 100)).toEqual({ count: 2, resetMs: 100 });
  });
});

describe('Redis window counter', () => {
  let redis: RedisProcess;
  let counter: WindowCounter;
  const key = () => randomBytes(6).toString('hex');

  beforeAll(async () => {
    redis = await startRedis();
    counter = await createRedisWindowCounter({ url: redis.url, prefix: 'hearth-test:', log });
  });
  afterAll(async () => {
    await counter?.close();
    await redis?.stop();
  });

  it('shares one count between counters, and ends the window after windowMs', async () => {
    const other = await createRedisWindowCounter({ url: redis.url, prefix: 'hearth-test:', log });
    try {
      const shared = key();
      expect((await counter.add(shared, 3, 300)).count).toBe(3);
      const seen = await other.add(shared, 2, 300);
      expect(seen.count).toBe(5);
      expect(seen.resetMs).toBeGreaterThan(0);
      expect(seen.resetMs).toBeLessThanOrEqual(300);
      await new Promise((resolve) => setTimeout(resolve, seen.resetMs + 50));
      expect((await counter.add(shared, 1, 300)).count).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('keeps counting in the process while Redis is down, without waiting for it', async () => {
    const during = key();
    await redis.kill();
    const started = Date.now();
    expect((await counter.add(during, 1, 60_000)).count).toBe(1);
    expect((await counter.add(during, 1, 60_000)).count).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
    await redis.restart();
  });
});
