/** A key's count in its current window, after an {@link WindowCounter.add}. */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends and the count starts again from 0. */
  resetMs: number;
}

/**
 * Counts, per key, what was spent in fixed windows of time: in this process
 * ({@link createLocalWindowCounter}), or in Redis so every process shares the count.
 */
export interface WindowCounter {
  /** Adds `cost` (0 only reads) to `key`'s count in its window of `windowMs`, opening one if none is open. */
  add(key: string, cost: number, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

/** A {@link WindowCounter} in this process's memory, forgetting windows once they end. */
export function createLocalWindowCounter(now: () => number = Date.now): WindowCounter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  let sweptAt = now();
  return {
    add(key, cost, windowMs) {
      const at = now();
      if (at - sweptAt > SWEEP_EVERY_MS) {
        sweptAt = at;
        for (const [stale, window] of windows) if (window.endsAt <= at) windows.delete(stale);
      }
      let window = windows.get(key);
      if (!window || window.endsAt <= at) windows.set(key, (window = { count: 0, endsAt: at + windowMs }));
      window.count += cost;
      return Promise.resolve({ count: window.count, resetMs: window.endsAt - at });
    },
    close: () => Promise.resolve(),
  };
}
