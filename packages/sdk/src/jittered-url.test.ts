import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jitteredUrl } from './jittered-url.js';

const SOCKET_URL = 'wss://chat.example/ws';

/** Calls `provider` and resolves with how many fake milliseconds passed until it gave the URL. */
async function delayOf(provider: () => Promise<string>): Promise<number> {
  const start = Date.now();
  const pending = provider().then((url) => {
    expect(url).toBe(SOCKET_URL);
    return Date.now() - start;
  });
  await vi.runAllTimersAsync();
  return pending;
}

describe('jitteredUrl', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the URL at once the first time, without a timer', async () => {
    const provider = jitteredUrl(SOCKET_URL, 1000, () => 0.99);

    const first = provider();

    expect(vi.getTimerCount()).toBe(0);
    await expect(first).resolves.toBe(SOCKET_URL);
  });

  it('waits random() * max before every later connection', async () => {
    const draws = [0.5, 0.25, 0.999];
    const provider = jitteredUrl(SOCKET_URL, 1000, () => draws.shift() ?? 0);
    await provider();

    expect(await delayOf(provider)).toBe(500);
    expect(await delayOf(provider)).toBe(250);
    expect(await delayOf(provider)).toBe(999);
  });

  it('does not give the URL before the delay is over', async () => {
    const provider = jitteredUrl(SOCKET_URL, 1000, () => 0.5);
    await provider();
    const resolved = vi.fn();

    void provider().then(resolved);
    await vi.advanceTimersByTimeAsync(499);
    expect(resolved).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toHaveBeenCalledWith(SOCKET_URL);
  });

  it('spreads the reconnects of many clients with Math.random', async () => {
    // Many clients dropped by one server restart: each waits its own random delay, so they do not
    // all come back in the same instant.
    const max = 1000;
    const clients = Array.from({ length: 20 }, () => jitteredUrl(SOCKET_URL, max));
    await Promise.all(clients.map((provider) => provider()));

    const delays = await Promise.all(clients.map((provider) => delayOf(provider)));

    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(max);
    }
    expect(new Set(delays).size).toBeGreaterThan(10);
    // With 20 uniform draws, a spread under a quarter of the range has a chance below 1e-10.
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(max / 4);
  });

  it('keeps each client independent: a fresh provider connects at once again', async () => {
    const used = jitteredUrl(SOCKET_URL, 1000, () => 0.5);
    await used();
    const fresh = jitteredUrl(SOCKET_URL, 1000, () => 0.5);

    expect(await delayOf(fresh)).toBe(0);
    expect(await delayOf(used)).toBe(500);
  });
});
