import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../src/domain/types.js';
import { ChannelPresence } from '../../src/delivery/channel-presence.js';

const user = (index: number): User => ({
  id: `u_${String(index).padStart(3, '0')}`,
  name: `User ${String(index).padStart(3, '0')}`,
  avatarUrl: null,
});

/** A channel's presence in a process of its own, recording the lists its sessions are handed. */
function presence(): { channel: ChannelPresence; broadcasts: Array<readonly User[]> } {
  const broadcasts: Array<readonly User[]> = [];
  const channel = new ChannelPresence('c_1', {
    process: 'p_1',
    announce: () => undefined,
    broadcast: (users) => broadcasts.push(users),
    expiryMs: 60_000,
  });
  return { channel, broadcasts };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ChannelPresence', () => {
  it('hands a small channel each change as the whole list 50 ms after it', () => {
    const { channel, broadcasts } = presence();
    channel.add(user(1));
    vi.advanceTimersByTime(50);
    channel.add(user(2));
    vi.advanceTimersByTime(50);
    expect(broadcasts.map((users) => users.map((entry) => entry.id))).toEqual([['u_001'], ['u_001', 'u_002']]);
  });

  it('gathers the comings and goings of a large channel for longer, then hands on one list with all of them', () => {
    const { channel, broadcasts } = presence();
    for (let index = 0; index < 200; index++) channel.add(user(index));
    vi.advanceTimersByTime(50);
    expect(broadcasts).toHaveLength(1);
    // With 200 users present, changes gather for a second (5 ms each).
    for (let index = 0; index < 40; index++) {
      channel.remove(user(index).id);
      vi.advanceTimersByTime(10);
    }
    expect(broadcasts).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(broadcasts).toHaveLength(2);
    expect(broadcasts[1]?.map((entry) => entry.id)).toEqual(Array.from({ length: 160 }, (_, index) => user(index + 40).id));
  });

  it('never waits more than 5 s, however large the channel', () => {
    const { channel, broadcasts } = presence();
    for (let index = 0; index < 5000; index++) channel.add(user(index));
    vi.advanceTimersByTime(5000);
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]).toHaveLength(5000);
  });
});
