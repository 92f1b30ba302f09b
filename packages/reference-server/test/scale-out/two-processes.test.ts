import type { Message } from '@hearth/sdk/protocol';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../support/cluster.js';
import { type Community, createCommunity } from '../support/community.js';
import { fullHistory } from '../support/full-history.js';
import type { ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/socket-client.js';
import { StreamWriter } from '../support/stream-writer.js';
import { TEST_CATEGORY } from '../support/test-server.js';
import { api } from '../support/api.js';
import { tokenFor } from '../support/tokens.js';

let cluster: Cluster;
let a: ServerProcess;
let b: ServerProcess;
let community: Community;
const sockets: TestSocket[] = [];
const writers: StreamWriter[] = [];

beforeAll(async () => {
  // A short heartbeat, so that the presence of a killed process expires within the test.
  cluster = await startCluster(2, { HEARTH_MISSED_LIMIT: '10000', HEARTH_HEARTBEAT_MS: '3000' });
  [a, b] = cluster.processes as [ServerProcess, ServerProcess];
  community = await createCommunity(a);
}, 60_000);
afterEach(async () => {
  await Promise.all([...sockets.splice(0).map((socket) => socket.close()), ...writers.splice(0).map((writer) => writer.close())]);
});
afterAll(() => cluster?.stop());

async function connect(server: ServerProcess, token: string): Promise<TestSocket> {
  const socket = await TestSocket.connect(server.socketUrl, token);
  sockets.push(socket);
  return socket;
}

/** A new public server owned by Alice, through process A; its first channel. */
async function freshChannel(name: string): Promise<{ serverId: string; channelId: string }> {
  const created = await api(a.url).post<{ id: string; channels: Array<{ id: string }> }>('/api/servers', {
    token: community.alice.token,
    json: { name, categoryId: TEST_CATEGORY },
  });
  return { serverId: created.body.id, channelId: created.body.channels[0]?.id as string };
}

async function writersOn(server: ServerProcess, tag: string, count: number, where: { serverId: string; channelId: string }) {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      // Joined through the other process: membership written by one process counts on every one.
      const other = server === a ? b : a;
      const writer = await StreamWriter.join(other.url, where.serverId, where.channelId, `${tag}_${index}`);
      await writer.connect(server.socketUrl);
      writers.push(writer);
      return writer;
    }),
  );
}

// Longer than the waits inside (60 s), so a stalled stream fails with what was missing, not a bare timeout.
const STREAM_TEST_TIMEOUT_MS = 120_000;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('two processes sharing PostgreSQL and Redis', () => {
  it(
    'gives 10 writers on each process × 100 messages seq 1..2000, delivered in the same order to clients of both',
    { timeout: STREAM_TEST_TIMEOUT_MS },
    async () => {
      const where = await freshChannel('Busy across processes');
      const [onA, onB] = await Promise.all([writersOn(a, 'wa', 10, where), writersOn(b, 'wb', 10, where)]);
      const subscribers = await Promise.all([a, a, b, b].map((server) => connect(server, community.alice.token)));
      for (const socket of subscribers) expect((await socket.subscribe(where.channelId)).lastSeq).toBe(0);

      for (const writer of [...onA, ...onB]) writer.burst(100);
      await Promise.all([...onA, ...onB].map((writer) => writer.settled()));
      await Promise.all(subscribers.map((socket) => socket.waitForCount('message', 2000, 60_000)));

      const expected = range(1, 2000);
      const orders = subscribers.map((socket) => socket.all('message').map((frame) => frame.message));
      for (const order of orders) expect(order.map((message) => message.seq)).toEqual(expected);
      const ids = orders.map((order) => order.map((message) => message.id));
      for (const other of ids.slice(1)) expect(other).toEqual(ids[0]);
      expect(new Set(ids[0]).size).toBe(2000);
      // Each writer's messages were stored in the order it sent them, whichever process it used.
      for (const writer of [...onA, ...onB]) {
        const acked = writer.allAcks();
        expect(acked.map((message) => message.content)).toEqual(writer.sent.map((message) => message.content));
        expect(acked.map((message) => message.seq)).toEqual([...acked.map((message) => message.seq)].sort((x, y) => x - y));
      }
      const stored = await fullHistory(b.url, where.channelId, community.alice.token);
      expect(stored).toEqual(orders[0]);
    },
  );

  it('returns the original message when an idempotent resend lands on the other process', async () => {
    const { alice, bob, general } = community;
    const listener = await connect(b, bob.token);
    await listener.subscribe(general);
    const first = await connect(a, alice.token);
    first.send({ type: 'send', channelId: general, clientId: 'across-processes', content: 'sent to A' });
    const original = await first.next('ack');
    first.ws.terminate();

    const again = await connect(b, alice.token);
    again.send({ type: 'send', channelId: general, clientId: 'across-processes', content: 'sent to A' });
    const replay = await again.next('ack');
    expect(replay.message).toEqual(original.message);
    await listener.next('message', (frame) => frame.message.id === original.message.id);
    const stored = await fullHistory(a.url, general, alice.token);
    expect(stored.filter((message) => message.clientId === 'across-processes')).toEqual([original.message]);
  });

  it('stores a send that reaches both processes at the same moment once, and acks both with it', async () => {
    const { alice, general } = community;
    const [onA, onB] = await Promise.all([connect(a, alice.token), connect(b, alice.token)]);
    const pairs = 50;
    for (let index = 0; index < pairs; index++) {
      const frame = { type: 'send', channelId: general, clientId: `both-${index}`, content: `both ${index}` } as const;
      onA.send(frame);
      onB.send(frame);
    }
    await Promise.all([onA.waitForCount('ack', pairs), onB.waitForCount('ack', pairs)]);
    const byClientId = (socket: TestSocket) => new Map(socket.all('ack').map((frame) => [frame.clientId, frame.message]));
    expect(byClientId(onB)).toEqual(byClientId(onA));

    const stored = (await fullHistory(a.url, general, alice.token)).filter((message) => message.clientId?.startsWith('both-'));
    expect(stored).toHaveLength(pairs);
    expect(new Map(stored.map((message) => [message.clientId, message]))).toEqual(byClientId(onA));
  });

  it('relays typing from a client of one process to a client of the other', async () => {
    const { alice, bob, general } = community;
    const [typist, listener] = await Promise.all([connect(a, alice.token), connect(b, bob.token)]);
    await typist.subscribe(general);
    await listener.subscribe(general);
    typist.send({ type: 'typing', channelId: general });
    expect(await listener.next('typing')).toEqual({
      type: 'typing',
      channelId: general,
      user: { id: alice.id, name: 'Alice', avatarUrl: null },
    });
  });
});

describe('edits, deletes, reactions and thread replies across processes', () => {
  it('passes an edit and a delete made on process A to subscribers of both processes, each with the next seq', async () => {
    const { alice } = community;
    const where = await freshChannel('Changes across processes');
    const [onA, onB] = await Promise.all([connect(a, alice.token), connect(b, alice.token)]);
    await onA.subscribe(where.channelId);
    await onB.subscribe(where.channelId);
    const actor = await connect(a, alice.token);
    const sent: Message[] = [];
    for (const content of ['one', 'two']) {
      actor.send({ type: 'send', channelId: where.channelId, clientId: `changes-${content}`, content });
      sent.push((await actor.next('ack', (frame) => frame.clientId === `changes-${content}`)).message);
    }
    const [one, two] = sent as [Message, Message];
    actor.send({ type: 'edit', channelId: where.channelId, messageId: one.id, content: 'one, edited on A' });
    const edited = (await actor.next('changed')).message;
    actor.send({ type: 'delete', channelId: where.channelId, messageId: two.id });
    const tombstone = (await actor.next('changed')).message;
    expect([edited.version, tombstone.version, tombstone.deleted, tombstone.content]).toEqual([3, 4, true, '']);

    for (const socket of [onA, onB]) {
      await socket.waitForCount('changed', 2);
      const line = socket.received.flatMap((frame) =>
        frame.type === 'message' ? [['message', frame.message.seq]] : frame.type === 'changed' ? [['changed', frame.message.version]] : [],
      );
      expect(line).toEqual([
        ['message', 1],
        ['message', 2],
        ['changed', 3],
        ['changed', 4],
      ]);
      expect(socket.all('changed').map((frame) => frame.message)).toEqual([edited, tombstone]);
    }
    // A REST edit on B reaches A's subscriber with the seq after.
    const patched = await api(b.url).patch<Message>(`/api/channels/${where.channelId}/messages/${one.id}`, {
      token: alice.token,
      json: { content: 'one, edited on B' },
    });
    expect(patched.body.version).toBe(5);
    expect((await onA.next('changed', (frame) => frame.message.version === 5)).message).toEqual(patched.body);
    expect(await fullHistory(a.url, where.channelId, alice.token)).toEqual([patched.body, tombstone]);
  });

  it('passes a reaction and a thread reply made on one process to subscribers of both, each with the next seq', async () => {
    const { alice, bob } = community;
    const where = await freshChannel('Threads across processes');
    await api(b.url).post(`/api/servers/${where.serverId}/members`, { token: bob.token });
    const [onA, onB] = await Promise.all([connect(a, alice.token), connect(b, alice.token)]);
    await onA.subscribe(where.channelId);
    await onB.subscribe(where.channelId);
    const actor = await connect(b, bob.token);
    actor.send({ type: 'send', channelId: where.channelId, clientId: 'thread-root', content: 'root on B' });
    const root = (await actor.next('ack')).message; // 1
    actor.send({ type: 'react', channelId: where.channelId, messageId: root.id, emoji: '🧵' });
    const reacted = (await actor.next('changed')).message; // 2
    actor.send({ type: 'send', channelId: where.channelId, clientId: 'thread-reply', content: 'reply on B', threadId: root.id });
    const reply = await actor.next('ack', (frame) => frame.clientId === 'thread-reply'); // 3
    // And one through process A's REST, in the same thread.
    const second = (
      await api(a.url).post<Message>(`/api/channels/${where.channelId}/messages`, {
        token: alice.token,
        json: { content: 'reply on A', threadId: root.id },
      })
    ).body; // 4
    expect([reacted.version, reply.message.seq, second.seq]).toEqual([2, 3, 4]);

    for (const socket of [onA, onB]) {
      await socket.waitForCount('message', 3);
      const line = socket.received.flatMap((frame) =>
        frame.type === 'message' ? [['message', frame.message.seq]] : frame.type === 'changed' ? [['changed', frame.message.version]] : [],
      );
      expect(line).toEqual([
        ['message', 1],
        ['changed', 2],
        ['message', 3],
        ['message', 4],
      ]);
      expect(socket.all('changed')[0]).toMatchObject({ message: reacted, reaction: { emoji: '🧵', userId: bob.id, added: true } });
      const replies = socket.all('message').slice(1);
      expect(replies.map((frame) => frame.message)).toEqual([reply.message, second]);
      expect(replies.map((frame) => frame.thread)).toEqual([
        { rootId: root.id, replyCount: 1, lastReplyAt: reply.message.createdAt, lastReplySeq: 3 },
        { rootId: root.id, replyCount: 2, lastReplyAt: second.createdAt, lastReplySeq: 4 },
      ]);
    }
    // Either process recovers the replies with their root, whose version stayed at the reaction's seq.
    const back = await connect(a, alice.token);
    const { missed } = await back.subscribe(where.channelId, 2);
    expect(missed.map((message) => [message.id, message.version])).toEqual([
      [root.id, 2],
      [reply.message.id, 3],
      [second.id, 4],
    ]);
    expect(missed[0]?.thread).toEqual({ replyCount: 2, lastReplyAt: second.createdAt, lastReplySeq: 4 });
  });
});

describe('reactions across processes', () => {
  it('counts 50 users reacting with one emoji at once through two processes exactly 50, everywhere, each with its own seq', async () => {
    const { alice } = community;
    const where = await freshChannel('Reactions across processes');
    const reactors = await Promise.all(
      range(1, 50).map(async (index) => {
        const user = { id: `u_reactor_${index}`, name: `Reactor ${index}` };
        const token = await tokenFor(user);
        await api(index % 2 ? a.url : b.url).post(`/api/servers/${where.serverId}/members`, { token });
        return { ...user, token, via: index % 2 ? a : b };
      }),
    );
    const message = (
      await api(a.url).post<Message>(`/api/channels/${where.channelId}/messages`, { token: alice.token, json: { content: 'react!' } })
    ).body;
    const [onA, onB] = await Promise.all([connect(a, alice.token), connect(b, alice.token)]);
    await onA.subscribe(where.channelId);
    await onB.subscribe(where.channelId);

    const path = `/api/channels/${where.channelId}/messages/${message.id}/reactions/${encodeURIComponent('🔥')}`;
    const results = await Promise.all(reactors.map((reactor) => api(reactor.via.url).put<Message>(path, { token: reactor.token })));
    expect(results.map((res) => res.status)).toEqual(reactors.map(() => 200));
    expect(results.map((res) => res.body.version).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(range(2, 51));

    for (const socket of [onA, onB]) {
      await socket.waitForCount('changed', 50);
      const changed = socket.all('changed');
      expect(changed.map((frame) => frame.message.version)).toEqual(range(2, 51));
      expect(changed.map((frame) => frame.message.reactions?.[0]?.count)).toEqual(range(1, 50));
      expect(new Set(changed.map((frame) => frame.reaction?.userId)).size).toBe(50);
    }
    for (const [server, reader, me] of [
      [a, alice, false],
      [b, reactors[0], true],
    ] as const) {
      const [stored] = await fullHistory(server.url, where.channelId, reader?.token ?? '');
      expect(stored?.reactions).toEqual([{ emoji: '🔥', count: 50, me }]);
    }
  });
});

describe('presence across processes', () => {
  const names = (socket: TestSocket, channelId: string, expected: string[], waitMs?: number) =>
    socket.next(
      'presence',
      (frame) => frame.channelId === channelId && JSON.stringify(frame.users.map((user) => user.name)) === JSON.stringify(expected),
      waitMs,
    );

  it('lists the users of both processes to the clients of both, and drops those who leave', async () => {
    const { alice, bob } = community;
    const where = await freshChannel('Who is here');
    await api(b.url).post(`/api/servers/${where.serverId}/members`, { token: bob.token });
    const [onA, onB] = await Promise.all([connect(a, alice.token), connect(b, bob.token)]);
    await onA.subscribe(where.channelId);
    await names(onA, where.channelId, ['Alice']);
    await onB.subscribe(where.channelId);
    await Promise.all([names(onA, where.channelId, ['Alice', 'Bob']), names(onB, where.channelId, ['Alice', 'Bob'])]);
    onB.send({ type: 'unsubscribe', channelId: where.channelId });
    await names(onA, where.channelId, ['Alice']);
  });

  it('drops the users of a process killed with SIGKILL once its word expires', async () => {
    const { alice, carol } = community;
    const where = await freshChannel('Who is still here');
    await api(a.url).post(`/api/servers/${where.serverId}/members`, { token: carol.token });
    const doomed = await cluster.add();
    const [survivor, onDoomed] = await Promise.all([connect(a, alice.token), connect(doomed, carol.token)]);
    await survivor.subscribe(where.channelId);
    await onDoomed.subscribe(where.channelId);
    await names(survivor, where.channelId, ['Alice', 'Carol']);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    // The dead process said nothing; its word expires after one heartbeat (3 s here).
    await names(survivor, where.channelId, ['Alice'], 10_000);
  });
});

describe('a process killed with SIGKILL mid-stream', () => {
  it(
    'lets its clients reconnect to the other process and recover exactly what they missed; every acked message is in PostgreSQL',
    { timeout: STREAM_TEST_TIMEOUT_MS },
    async () => {
      // A third process plays the one that dies, so the other tests keep their two.
      const doomed = await cluster.add();
      const where = await freshChannel('Survives a crash');
      const [onDoomed, onB] = await Promise.all([writersOn(doomed, 'wk', 3, where), writersOn(b, 'wl', 3, where)]);
      const watchers = await Promise.all([connect(doomed, community.alice.token), connect(doomed, community.bob.token)]);
      const survivor = await connect(b, community.alice.token);
      for (const socket of [...watchers, survivor]) await socket.subscribe(where.channelId);

      for (const writer of [...onDoomed, ...onB]) writer.keepSending(5);
      await Promise.all(onDoomed.map((writer) => writer.acks(60)));
      doomed.child.kill('SIGKILL');
      expect((await doomed.exited).signal).toBe('SIGKILL');
      await Promise.all(watchers.map((socket) => socket.closed));

      // The clients of the dead process move to B, each from the last seq it saw.
      const recovered = await Promise.all(
        watchers.map(async (socket, index) => {
          const seen = socket.all('message').map((frame) => frame.message);
          expect(seen.map((message) => message.seq)).toEqual(range(1, seen.length));
          const moved = await connect(b, index === 0 ? community.alice.token : community.bob.token);
          const subscribed = await moved.subscribe(where.channelId, seen.length);
          expect(subscribed.complete).toBe(true);
          return { seen, moved, subscribed };
        }),
      );
      for (const writer of onDoomed) {
        await writer.connect(b.socketUrl);
        writer.resendUnacked();
        writer.keepSending(5);
      }
      // Everyone writes on for a while after the move before the stream ends.
      await Promise.all([...onDoomed, ...onB].map((writer) => writer.acks(writer.ackCount() + 20)));
      for (const writer of [...onDoomed, ...onB]) writer.pause();
      await Promise.all([...onDoomed, ...onB].map((writer) => writer.settled()));

      const stored = await fullHistory(b.url, where.channelId, community.alice.token);
      const last = stored.length;
      expect(stored.map((message) => message.seq)).toEqual(range(1, last));
      for (const { seen, moved, subscribed } of recovered) {
        const liveNeeded = last - (subscribed.missed.at(-1)?.seq ?? seen.length);
        await moved.waitForCount('message', liveNeeded, 60_000);
        const delivered = [...seen, ...subscribed.missed, ...moved.all('message').map((frame) => frame.message)];
        expect(delivered).toEqual(stored);
      }
      await survivor.waitForCount('message', last, 60_000);
      expect(survivor.all('message').map((frame) => frame.message)).toEqual(stored);

      // Every acked message is stored as acked, and every send is stored once, acked or not before the crash.
      const byId = new Map(stored.map((message) => [message.id, message]));
      const allWriters = [...onDoomed, ...onB];
      for (const message of allWriters.flatMap((writer) => writer.allAcks())) expect(byId.get(message.id)).toEqual(message);
      const storedKeys = stored.map((message) => `${message.author.id}/${message.clientId}`);
      const sentKeys = allWriters.flatMap((writer) => writer.sent.map((message) => `${writer.userId}/${message.clientId}`));
      expect(storedKeys.sort()).toEqual(sentKeys.sort());
      expect(await countInDatabase(where.channelId)).toBe(last);
    },
  );
});

/** Asks PostgreSQL itself, not a server, how many messages the channel holds. */
async function countInDatabase(channelId: string): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::integer AS n FROM messages WHERE channel_id = $1', [channelId]);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
