import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PRESENCE_USERS } from '@hearth/sdk/protocol';
import type { User } from '../../src/domain/types.js';
import { ChannelPresence, type PresenceList } from '../../src/delivery/channel-presence.js';

const user = (index: number): User => ({
  id: `u_${String(index).padStart(5, '0')}`,
  name: `User ${String(index).padStart(5, '0')}`,
  avatarUrl: null,
});

/** A channel's presence in a process of its own, recording what its sessions are handed. */
function presence(): { channel: ChannelPresence; broadcasts: PresenceList[]; frames: string[] } {
  const broadcasts: PresenceList[] = [];
  const frames: string[] = [];
  const channel = new ChannelPresence('c_1', {
    process: 'p_1',
    announce: () => undefined,
    broadcast: (list, frame) => {
      broadcasts.push(list);
      frames.push(frame);
    },
    expiryMs: 60_000,
  });
  return { channel, broadcasts, frames };
}

const ids = (list: PresenceList | undefined) => list?.users.map((entry) => entry.id);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ChannelPresence', () => {
  it('hands a small channel each change as the whole list and its count 50 ms after it', () => {
    const { channel, broadcasts } = presence();
    channel.add(user(1));
    vi.advanceTimersByTime(50);
    channel.add(user(2));
    vi.advanceTimersByTime(50);
    expect(broadcasts.map(ids)).toEqual([['u_00001'], ['u_00001', 'u_00002']]);
    expect(broadcasts.map((list) => list.count)).toEqual([1, 2]);
  });

  it('names the first users to come, by name, and counts everyone: newcomers past them leave the names as they were', () => {
    const { channel, broadcasts, frames } = presence();
    // Added in reverse order of names: the first to come are the highest numbers.
    for (let index = 99; index >= 0; index--) channel.add(user(index));
    vi.advanceTimersByTime(3000);
    const first = Array.from({ length: MAX_PRESENCE_USERS }, (_, index) => user(index + 100 - MAX_PRESENCE_USERS).id);
    expect(ids(broadcasts.at(-1))).toEqual(first);
    expect(broadcasts.at(-1)?.count).toBe(100);
    expect(JSON.parse(frames.at(-1) ?? '')).toMatchObject({ type: 'presence', channelId: 'c_1', count: 100 });

    channel.add(user(500));
    channel.remove(user(0).id);
    channel.remove(user(1).id);
    vi.advanceTimersByTime(3000);
    expect(ids(broadcasts.at(-1))).toEqual(first);
    expect(broadcasts.at(-1)?.count).toBe(99);
  });

  it('names the next to have come when one of the named leaves', () => {
    const { channel, broadcasts } = presence();
    for (let index = 0; index < MAX_PRESENCE_USERS + 5; index++) channel.add(user(index));
    vi.advanceTimersByTime(2000);
    channel.remove(user(3).id);
    vi.advanceTimersByTime(2000);
    const named = ids(broadcasts.at(-1));
    expect(named).toHaveLength(MAX_PRESENCE_USERS);
    expect(named).not.toContain(user(3).id);
    expect(named).toContain(user(MAX_PRESENCE_USERS).id);
    expect(named).not.toContain(user(MAX_PRESENCE_USERS + 1).id);
    expect(broadcasts.at(-1)?.count).toBe(MAX_PRESENCE_USERS + 4);
  });

  it('counts across processes each user once, naming this process’s first', () => {
    const { channel, broadcasts } = presence();
    channel.add(user(1));
    channel.receive({ process: 'p_2', users: [user(1), user(2), user(3)], ask: false });
    vi.advanceTimersByTime(50);
    expect(ids(broadcasts.at(-1))).toEqual(['u_00001', 'u_00002', 'u_00003']);
    expect(broadcasts.at(-1)?.count).toBe(3);
  });

  it('gathers the comings and goings of a large channel for longer, then hands on one frame with all of them', () => {
    const { channel, broadcasts } = presence();
    for (let index = 0; index < 200; index++) channel.add(user(index));
    vi.advanceTimersByTime(50);
    expect(broadcasts).toHaveLength(1);
    // With 200 users present, changes gather for 4 s (20 ms each).
    for (let index = 0; index < 40; index++) {
      channel.remove(user(index).id);
      vi.advanceTimersByTime(90);
    }
    expect(broadcasts).toHaveLength(1);
    vi.advanceTimersByTime(4000);
    expect(broadcasts).toHaveLength(2);
    expect(broadcasts[1]?.count).toBe(160);
    expect(ids(broadcasts[1])).toEqual(Array.from({ length: MAX_PRESENCE_USERS }, (_, index) => user(index + 40).id));
  });

  it('never waits more than 60 s, however large the channel', () => {
    const { channel, broadcasts } = presence();
    for (let index = 0; index < 10_000; index++) channel.add(user(index));
    vi.advanceTimersByTime(60_000);
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.count).toBe(10_000);
    expect(broadcasts[0]?.users).toHaveLength(MAX_PRESENCE_USERS);
  });
});
