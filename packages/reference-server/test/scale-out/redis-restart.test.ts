import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { type Community, createCommunity } from '../support/community.js';
import { fullHistory } from '../support/full-history.js';
import { type RedisProcess, startRedis } from '../support/redis-process.js';
import type { ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/socket-client.js';
import { StreamWriter } from '../support/stream-writer.js';
import { TEST_CATEGORY } from '../support/test-server.js';

// A Redis of this file's own, so crashing it disturbs no other test.
let redis: RedisProcess;
let cluster: Cluster;
let a: ServerProcess;
let b: ServerProcess;
let community: Community;
const sockets: TestSocket[] = [];
const writers: StreamWriter[] = [];

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startCluster(2, { REDIS_URL: redis.url });
  [a, b] = cluster.processes as [ServerProcess, ServerProcess];
  community = await createCommunity(a);
}, 60_000);
afterEach(async () => {
  await Promise.all([...sockets.splice(0).map((socket) => socket.close()), ...writers.splice(0).map((writer) => writer.close())]);
});
afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
});

// Longer than the waits inside (60 s), so a stalled stream fails with what was missing, not a bare timeout.
const STREAM_TEST_TIMEOUT_MS = 120_000;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('Redis restarted mid-stream', () => {
  it(
    'loses no acked message to any subscriber of either process: what Redis dropped is read from storage',
    { timeout: STREAM_TEST_TIMEOUT_MS },
    async () => {
      const created = await api(a.url).post<{ id: string; channels: Array<{ id: string }> }>('/api/servers', {
        token: community.alice.token,
        json: { name: 'Through a Redis crash', categoryId: TEST_CATEGORY },
      });
      const where = { serverId: created.body.id, channelId: created.body.channels[0]?.id as string };
      const join = (server: ServerProcess, userId: string) =>
        StreamWriter.join(server.url, where.serverId, where.channelId, userId).then(async (writer) => {
          await writer.connect(server.socketUrl);
          writers.push(writer);
          return writer;
        });
      const onA = await Promise.all([join(a, 'ra_0'), join(a, 'ra_1')]);
      const onB = await Promise.all([join(b, 'rb_0'), join(b, 'rb_1')]);
      const subscribers = await Promise.all(
        [a, a, b, b].map(async (server) => {
          const socket = await TestSocket.connect(server.socketUrl, community.bob.token);
          sockets.push(socket);
          await socket.subscribe(where.channelId);
          return socket;
        }),
      );
      const everyone = [...onA, ...onB];

      // 1. Redis up: everyone writes.
      for (const writer of everyone) writer.keepSending(5);
      await Promise.all(everyone.map((writer) => writer.acks(40)));

      // 2. Redis crashes. Writes go on being stored and acked; only B's writers keep writing, so A's
      //    subscribers can get B's messages of this stretch only from storage.
      await redis.kill();
      for (const writer of onA) writer.pause();
      await Promise.all(onB.map((writer) => writer.acks(writer.ackCount() + 40)));
      for (const writer of onB) writer.pause();
      await Promise.all(everyone.map((writer) => writer.settled()));
      const beforeRestart = (await fullHistory(b.url, where.channelId, community.bob.token)).length;

      // 3. Redis is back, empty, and nobody writes: only the resync after the reconnect can bring
      //    the subscribers what they missed.
      await redis.restart();
      await Promise.all(subscribers.map((socket) => socket.waitForCount('message', beforeRestart, 60_000)));

      // 4. And the fan-out works again across processes.
      for (const writer of everyone) writer.burst(10);
      await Promise.all(everyone.map((writer) => writer.settled()));

      const stored = await fullHistory(b.url, where.channelId, community.bob.token);
      expect(stored.map((message) => message.seq)).toEqual(range(1, stored.length));
      expect(stored.length).toBe(beforeRestart + 40);
      for (const socket of subscribers) {
        await socket.waitForCount('message', stored.length, 60_000);
        expect(socket.all('message').map((frame) => frame.message)).toEqual(stored);
      }
      const byId = new Map(stored.map((message) => [message.id, message]));
      for (const message of everyone.flatMap((writer) => writer.allAcks())) expect(byId.get(message.id)).toEqual(message);
    },
  );

  it(
    'fills a gap left by Redis from storage with the current state of each change, then the live line continues',
    { timeout: STREAM_TEST_TIMEOUT_MS },
    async () => {
      const { alice, bob } = community;
      const created = await api(a.url).post<{ id: string; channels: Array<{ id: string }> }>('/api/servers', {
        token: alice.token,
        json: { name: 'Changes through a Redis crash', categoryId: TEST_CATEGORY },
      });
      const channelId = created.body.channels[0]?.id as string;
      const onA = await TestSocket.connect(a.socketUrl, bob.token);
      sockets.push(onA);
      await onA.subscribe(channelId);
      const rest = api(b.url, { token: alice.token });
      const post = async (content: string) => (await rest.post<Message>(`/api/channels/${channelId}/messages`, { json: { content } })).body;
      const messagePath = (message: Message) => `/api/channels/${channelId}/messages/${message.id}`;
      const one = await post('one');
      const two = await post('two');
      await post('three');
      await onA.waitForCount('message', 3);

      // While Redis is down, process B stores changes that process A can only learn from storage:
      // seq 4 (superseded by 6), 5, 6 and a new message, 7.
      await redis.kill();
      await rest.patch(messagePath(one), { json: { content: 'one, first edit' } });
      const twoNow = (await rest.delete<Message>(messagePath(two))).body;
      const oneNow = (await rest.patch<Message>(messagePath(one), { json: { content: 'one, second edit' } })).body;
      const four = await post('four');
      await redis.restart();

      await onA.next('message', (frame) => frame.message.id === four.id, 60_000);
      // Whatever Redis dropped came from storage in its current state, so A's client holds what
      // storage holds; a superseded change (seq 4) may or may not have come live, never after 6.
      const line = onA.received.flatMap((frame) =>
        frame.type === 'message' ? [frame.message.seq] : frame.type === 'changed' ? [frame.message.version ?? 0] : [],
      );
      expect(line).toEqual([...line].sort((x, y) => x - y));
      expect(new Set(line).size).toBe(line.length);
      expect(line.at(-1)).toBe(7);
      expect(onA.all('changed').map((frame) => frame.message)).toEqual(expect.arrayContaining([twoNow, oneNow]));
      const held = new Map<string, Message>();
      for (const frame of onA.received) if (frame.type === 'message' || frame.type === 'changed') held.set(frame.message.id, frame.message);
      expect([...held.values()].sort((x, y) => x.seq - y.seq)).toEqual(await fullHistory(a.url, channelId, bob.token));

      // And a change after the restart takes the next seq, live.
      const fourNow = (await api(a.url, { token: alice.token }).patch<Message>(messagePath(four), { json: { content: 'four, edited' } }))
        .body;
      expect(fourNow.version).toBe(8);
      expect((await onA.next('changed', (frame) => frame.message.version === 8, 20_000)).message).toEqual(fourNow);
      const stored = await fullHistory(a.url, channelId, bob.token);
      expect(stored.map((message) => [message.seq, message.version, message.deleted])).toEqual([
        [1, 6, false],
        [2, 5, true],
        [3, 3, false],
        [7, 8, false],
      ]);
    },
  );
});
