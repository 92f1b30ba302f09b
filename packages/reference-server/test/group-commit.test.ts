import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../src/storage/sqlite/group-commit.js';

/** A group commit that records each batch it commits and echoes its items. */
function recordingCommit(minIntervalMs: number) {
  const batches: number[][] = [];
  const commits = new GroupCommit<number, number>((items) => {
    batches.push(items);
    return items.map((value) => ({ ok: true, value }));
  }, minIntervalMs);
  return { commits, batches };
}

describe('GroupCommit pacing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('commits the first write on the next turn, with nothing committed before', async () => {
    const { commits, batches } = recordingCommit(10);
    const first = commits.submit(1);
    expect(batches).toEqual([]);
    await vi.advanceTimersToNextTimerAsync();
    await expect(first).resolves.toBe(1);
    expect(batches).toEqual([[1]]);
  });

  it('holds writes that follow a commit within the interval and commits them together at its end', async () => {
    const { commits, batches } = recordingCommit(10);
    const first = commits.submit(1);
    await vi.advanceTimersToNextTimerAsync();
    await first;
    const second = commits.submit(2);
    await vi.advanceTimersByTimeAsync(4);
    const third = commits.submit(3);
    await vi.advanceTimersByTimeAsync(4);
    expect(batches).toEqual([[1]]);
    await vi.advanceTimersByTimeAsync(2);
    await expect(Promise.all([second, third])).resolves.toEqual([2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('commits at once after a quiet spell longer than the interval', async () => {
    const { commits, batches } = recordingCommit(10);
    const start = Date.now();
    await Promise.all([commits.submit(1), vi.advanceTimersToNextTimerAsync()]);
    await vi.advanceTimersByTimeAsync(50);
    const later = commits.submit(2);
    await vi.advanceTimersToNextTimerAsync();
    await expect(later).resolves.toBe(2);
    expect(batches).toEqual([[1], [2]]);
    expect(Date.now() - start).toBe(50);
  });

  it('commits every turn without an interval', async () => {
    const { commits, batches } = recordingCommit(0);
    for (const value of [1, 2, 3]) {
      const pending = commits.submit(value);
      await vi.advanceTimersToNextTimerAsync();
      await pending;
    }
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('flush commits a paced batch at once and drained resolves after it', async () => {
    const { commits, batches } = recordingCommit(1000);
    await Promise.all([commits.submit(1), vi.advanceTimersToNextTimerAsync()]);
    const held = commits.submit(2);
    const drained = commits.drained();
    commits.flush();
    await expect(held).resolves.toBe(2);
    await drained;
    expect(batches).toEqual([[1], [2]]);
  });

  it('refuses every write of a batch whose commit throws, and keeps committing after it', async () => {
    let fail = true;
    const commits = new GroupCommit<number, number>((items) => {
      if (fail) throw new Error('disk full');
      return items.map((value) => ({ ok: true, value }));
    }, 5);
    const refused = commits.submit(1);
    const settled = expect(refused).rejects.toThrow('disk full');
    await vi.advanceTimersToNextTimerAsync();
    await settled;
    fail = false;
    const next = commits.submit(2);
    await vi.advanceTimersByTimeAsync(5);
    await expect(next).resolves.toBe(2);
  });
});
