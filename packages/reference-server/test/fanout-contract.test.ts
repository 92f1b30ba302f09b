import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../src/domain/types.js';
import { decodeEvent, encodeEvent } from '../src/fanout/event-codec.js';
import { createLocalFanout } from '../src/fanout/local-fanout.js';
import { createRedisFanout } from '../src/fanout/redis-fanout.js';
import type { ChannelEvent, ChannelListener, Fanout } from '../src/fanout/types.js';
import { type RedisProcess, startRedis } from './support/redis-process.js';
import { REDIS_TEST_URL, TEST_ENGINE } from './support/test-storage.js';

const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fan-out implementation, and how to make instances of it that share one bus (one per process). */
interface FanoutKind {
  name: string;
  /** A factory of instances that reach each other (the in-process fan-out has no peers: it hands out itself). */
  group(): Promise<() => Promise<Fanout>>;
}

const local: FanoutKind = {
  name: 'in-process',
  async group() {
    const fanout = createLocalFanout();
    return async () => fanout;
  },
};

const redis: FanoutKind = {
  name: 'redis',
  async group() {
    const prefix = `hearth-test:fanout-${randomBytes(6).toString('hex')}:`;
    return async () => createRedisFanout({ url: REDIS_TEST_URL, prefix, log: silent });
  },
};

async function open(make: () => Promise<Fanout>): Promise<Fanout> {
  const fanout = await make();
  cleanups.push(() => fanout.close());
  return fanout;
}

/** A listener that records what it gets and lets a test wait for it. */
function recorder() {
  const events: ChannelEvent[] = [];
  let resyncs = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  const listener: ChannelListener = {
    event(event) {
      events.push(event);
      wake();
    },
    resync() {
      resyncs++;
      wake();
    },
  };
  const until = (done: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} did not happen; got ${events.length} events and ${resyncs} resyncs`));
      }, 10_000);
      waiters.add(check);
      check();
    });
  return { listener, events, resyncs: () => resyncs, until };
}

const message = (channelId: string, seq: number): Message => ({
  id: `m_${channelId}_${seq}`,
  channelId,
  seq,
  author: { id: 'u_1', name: 'One', avatarUrl: null },
  content: `#${seq}`,
  createdAt: new Date(0).toISOString(),
  clientId: null,
  version: seq,
  editedAt: null,
  deleted: false,
  reactions: [],
  replyTo: null,
  threadId: null,
  thread: null,
  mentions: [],
  attachments: [],
});
const messageEvent = (channelId: string, seq: number): ChannelEvent => ({ kind: 'message', message: message(channelId, seq) });

describe('fan-out event codec', () => {
  it('carries every kind of event across as it was', () => {
    const events: ChannelEvent[] = [
      messageEvent('c_a', 1),
      { kind: 'changed', message: { ...message('c_a', 1), content: '', version: 2, deleted: true } },
      { kind: 'changed', message: { ...message('c_a', 3), content: 'edited', version: 4, editedAt: new Date(1).toISOString() } },
      {
        kind: 'message',
        message: {
          ...message('c_a', 5),
          threadId: 'm_c_a_3',
          replyTo: { id: 'm_c_a_3', seq: 3, author: { id: 'u_1', name: 'One', avatarUrl: null }, excerpt: 'edited', deleted: false },
          mentions: [{ id: 'u_2', name: 'Two', avatarUrl: null }],
        },
        thread: { rootId: 'm_c_a_3', replyCount: 2, lastReplyAt: new Date(5).toISOString(), lastReplySeq: 5 },
      },
      { kind: 'typing', channelId: 'c_a', user: { id: 'u_2', name: 'Two', avatarUrl: null } },
      { kind: 'here', channelId: 'c_a', process: 'p_1', users: [], ask: true },
      { kind: 'revoked', channelId: 'c_a', userId: 'u_2', reason: 'left' },
      { kind: 'activity', channelId: 'c_a', serverId: 's_a', seq: 5, authorId: 'u_1', threadId: 'm_c_a_3', mentionIds: ['u_2'] },
      { kind: 'activity', channelId: 'c_a', serverId: 's_a', seq: 6, authorId: 'u_1', threadId: null, mentionIds: [] },
      { kind: 'online', serverId: 's_a', process: 'p_1', users: [{ id: 'u_2', name: 'Two', avatarUrl: null }], ask: false },
      { kind: 'read', userId: 'u_2', state: { channelId: 'c_a', serverId: 's_a', lastReadSeq: 4, lastSeq: 6, unread: 1, mentions: 0 } },
      { kind: 'membership', userId: 'u_2', serverId: 's_a', member: false },
      { kind: 'revoked', channelId: 'c_a', userId: 'u_2', reason: 'banned' },
      { kind: 'revoked', channelId: 'c_a', userId: null, reason: 'deleted' },
      { kind: 'revoked', channelId: 'c_a', userId: null, reason: 'private' },
      {
        kind: 'membership',
        userId: 'u_2',
        serverId: 's_a',
        member: false,
        change: { user: { id: 'u_2', name: 'Two', avatarUrl: null }, role: null, mutedUntil: null, change: 'kicked' },
      },
      {
        kind: 'member',
        serverId: 's_a',
        change: {
          user: { id: 'u_2', name: 'Two', avatarUrl: null },
          role: 'moderator',
          mutedUntil: new Date(9).toISOString(),
          change: 'timeout',
        },
      },
      {
        kind: 'server',
        server: {
          id: 's_a',
          name: 'A',
          description: '',
          iconUrl: null,
          bannerUrl: '/media/b.png',
          categoryId: 'ct_a',
          ownerId: 'u_1',
          visibility: 'private',
          memberCount: 2,
          channels: [{ id: 'c_a', serverId: 's_a', name: 'general', topic: '', position: 0, slowModeSeconds: 10 }],
        },
      },
    ];
    for (const event of events) expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('refuses text that is not a Hearth event, such as a socket frame', () => {
    const { version: _version, ...withoutVersion } = message('c_a', 1);
    for (const text of [
      '',
      'nope',
      '[]',
      '{"kind":"message"}',
      JSON.stringify({ type: 'message', message: message('c_a', 1) }),
      // A message from a process older than edits: without its version it cannot take its place on the seq line.
      JSON.stringify({ kind: 'changed', message: withoutVersion }),
      JSON.stringify({ kind: 'changed', message: { ...message('c_a', 1), deleted: 'yes' } }),
      // A thread reply whose thread update lost its seq cannot order its root's summary.
      JSON.stringify({ ...messageEvent('c_a', 2), thread: { rootId: 'm_c_a_1', replyCount: 1, lastReplyAt: new Date(0).toISOString() } }),
      // A read state without the seq its counts were taken at would count activity twice.
      JSON.stringify({ kind: 'read', userId: 'u_2', state: { channelId: 'c_a', serverId: 's_a', lastReadSeq: 4, unread: 1, mentions: 0 } }),
      JSON.stringify({ kind: 'activity', channelId: 'c_a', serverId: 's_a', seq: -1, authorId: 'u_1', threadId: null, mentionIds: [] }),
      // A revocation for a reason this version does not know would end subscriptions it should not.
      JSON.stringify({ kind: 'revoked', channelId: 'c_a', userId: 'u_2', reason: 'bored' }),
      // A member change without the user it concerns cannot be told to anyone.
      JSON.stringify({ kind: 'member', serverId: 's_a', change: { role: 'member', mutedUntil: null, change: 'role' } }),
      JSON.stringify({ kind: 'server', server: { id: 's_a', name: 'A' } }),
    ]) {
      expect(decodeEvent(text)).toBeUndefined();
    }
  });
});

// The in-process fan-out runs in every project; Redis where the project has services.
describe.each(TEST_ENGINE === 'postgres' ? [local, redis] : [local])('Fanout contract: $name', (kind) => {
  it('delivers each event to every listener of its channel, in publish order, as it was published', async () => {
    const fanout = await open(await kind.group());
    const [first, second, elsewhere] = [recorder(), recorder(), recorder()];
    const subscriptions = [
      fanout.subscribe('c_a', first.listener),
      fanout.subscribe('c_a', second.listener),
      fanout.subscribe('c_b', elsewhere.listener),
    ];
    await Promise.all(subscriptions.map((subscription) => subscription.active));
    const typing: ChannelEvent = { kind: 'typing', channelId: 'c_a', user: { id: 'u_2', name: 'Two', avatarUrl: null } };
    const here: ChannelEvent = {
      kind: 'here',
      channelId: 'c_a',
      process: 'p_1',
      users: [{ id: 'u_2', name: 'Two', avatarUrl: null }],
      ask: true,
    };
    const published = [messageEvent('c_a', 1), typing, here, messageEvent('c_a', 2)];
    for (const event of published) fanout.publish('c_a', event);
    for (const recording of [first, second]) {
      await recording.until(() => recording.events.length === 4, 'four events');
      expect(recording.events).toEqual(published);
    }
    fanout.publish('c_b', messageEvent('c_b', 1));
    await elsewhere.until(() => elsewhere.events.length === 1, 'one event on c_b');
    expect(elsewhere.events).toEqual([messageEvent('c_b', 1)]);
  });

  it('stops delivering to a listener that unsubscribed and keeps delivering to the others', async () => {
    const fanout = await open(await kind.group());
    const [leaving, staying] = [recorder(), recorder()];
    const gone = fanout.subscribe('c_a', leaving.listener);
    const kept = fanout.subscribe('c_a', staying.listener);
    await Promise.all([gone.active, kept.active]);
    gone.unsubscribe();
    fanout.publish('c_a', messageEvent('c_a', 1));
    fanout.publish('c_a', messageEvent('c_a', 2));
    await staying.until(() => staying.events.length === 2, 'two events');
    expect(leaving.events).toEqual([]);
  });

  if (kind === redis)
    it('reaches the listeners of every instance sharing the bus, once each, in publish order', async () => {
      const make = await kind.group();
      const [publisher, peer] = [await open(make), await open(make)];
      const [own, remote] = [recorder(), recorder()];
      await Promise.all([publisher.subscribe('c_a', own.listener).active, peer.subscribe('c_a', remote.listener).active]);
      const published = Array.from({ length: 50 }, (_, index) => messageEvent('c_a', index + 1));
      for (const event of published) publisher.publish('c_a', event);
      // A marker published after the rest: once the remote listener has it, anything echoed twice would have arrived too.
      publisher.publish('c_a', messageEvent('c_a', 99));
      await remote.until(() => remote.events.length === 51, 'the remote events');
      await own.until(() => own.events.length === 51, 'the own events');
      const expected = [...published, messageEvent('c_a', 99)];
      expect(remote.events).toEqual(expected);
      expect(own.events).toEqual(expected);
    });
});

if (TEST_ENGINE === 'postgres')
  describe('Redis fan-out across a lost connection', () => {
    let own: RedisProcess;
    beforeAll(async () => {
      own = await startRedis();
    });
    afterAll(() => own?.stop());

    it('after its subscriber connection is cut, subscribes again, calls resync once that is active, and delivers again', async () => {
      const prefix = 'hearth-test:cut:';
      const [listening, publishing] = [
        await open(() => createRedisFanout({ url: own.url, prefix, log: silent })),
        await open(() => createRedisFanout({ url: own.url, prefix, log: silent })),
      ];
      const recording = recorder();
      await listening.subscribe('c_a', recording.listener).active;
      publishing.publish('c_a', messageEvent('c_a', 1));
      await recording.until(() => recording.events.length === 1, 'the first event');

      const admin = new Redis(own.url);
      cleanups.push(async () => {
        admin.disconnect();
      });
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      await recording.until(() => recording.resyncs() === 1, 'a resync');
      // By the time resync is called the subscription is active again: this event must arrive.
      publishing.publish('c_a', messageEvent('c_a', 2));
      await recording.until(() => recording.events.length === 2, 'the event after the reconnect');
      expect(recording.events).toEqual([messageEvent('c_a', 1), messageEvent('c_a', 2)]);
    });

    it('names Redis, without its password, when it cannot be reached at start', async () => {
      await expect(
        createRedisFanout({ url: 'redis://:hunter2@127.0.0.1:1', prefix: 'x:', log: silent, connectTimeoutMs: 2000 }),
      ).rejects.toThrow(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: /);
    });
  });
