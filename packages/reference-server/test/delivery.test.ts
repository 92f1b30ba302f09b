import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { fullHistory } from './support/full-history.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_FRAMES_PER_SECOND: '100000', HEARTH_FRAME_BURST: '100000' });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

describe('fan-out', () => {
  it('delivers a send to every subscriber of the channel with one seq, acks the sender, and skips other channels', async () => {
    const { alice, bob, carol, general, random } = community;
    const [sender, listener, elsewhere] = await Promise.all([connect(alice.token), connect(bob.token), connect(carol.token)]);
    const before = await sender.subscribe(general);
    await listener.subscribe(general);
    await elsewhere.subscribe(random);

    sender.send({ type: 'send', channelId: general, clientId: 'fanout-1', content: 'hello, everyone' });

    const ack = await sender.next('ack');
    const seen = await listener.next('message');
    const own = await sender.next('message');
    expect(ack.clientId).toBe('fanout-1');
    expect(ack.message).toMatchObject({ channelId: general, content: 'hello, everyone', seq: before.lastSeq + 1 });
    expect(ack.message.author).toEqual({ id: alice.id, name: 'Alice', avatarUrl: null });
    expect(seen.message).toEqual(ack.message);
    expect(own.message).toEqual(ack.message);
    await expect(elsewhere.next('message', () => true, 300)).rejects.toThrow(/no message frame/);
  });

  it('stops delivering after unsubscribe', async () => {
    const { alice, bob, general } = community;
    const [sender, listener] = await Promise.all([connect(alice.token), connect(bob.token)]);
    await listener.subscribe(general);
    listener.send({ type: 'unsubscribe', channelId: general });
    await listener.next('unsubscribed');
    sender.send({ type: 'send', channelId: general, clientId: 'after-unsub', content: 'anyone?' });
    await sender.next('ack');
    await expect(listener.next('message', () => true, 300)).rejects.toThrow(/no message frame/);
  });

  it('relays typing to the other subscribers but not back to the typist', async () => {
    const { alice, bob, general } = community;
    const [typist, listener] = await Promise.all([connect(alice.token), connect(bob.token)]);
    await typist.subscribe(general);
    await listener.subscribe(general);
    typist.send({ type: 'typing', channelId: general });
    const typing = await listener.next('typing');
    expect(typing).toEqual({ type: 'typing', channelId: general, user: { id: alice.id, name: 'Alice', avatarUrl: null } });
    await expect(typist.next('typing', () => true, 300)).rejects.toThrow(/no typing frame/);
  });
});

describe('idempotent sends', () => {
  it('stores one message for a clientId sent twice, acks both with the same message and broadcasts once', async () => {
    const { alice, bob, general } = community;
    const [sender, listener] = await Promise.all([connect(alice.token), connect(bob.token)]);
    await listener.subscribe(general);
    sender.send({ type: 'send', channelId: general, clientId: 'twice', content: 'only once' });
    sender.send({ type: 'send', channelId: general, clientId: 'twice', content: 'only once' });
    const first = await sender.next('ack');
    const second = await sender.next('ack');
    expect(second.message).toEqual(first.message);
    await listener.next('message', (frame) => frame.message.id === first.message.id);
    await expect(listener.next('message', () => true, 300)).rejects.toThrow(/no message frame/);
    const stored = (await fullHistory(server.url, general, alice.token)).filter((message) => message.clientId === 'twice');
    expect(stored).toHaveLength(1);
  });

  it('returns the original message when the send is repeated on a new connection after a reconnect', async () => {
    const { alice, bob, general } = community;
    const listener = await connect(bob.token);
    await listener.subscribe(general);
    const first = await connect(alice.token);
    first.send({ type: 'send', channelId: general, clientId: 'across-reconnect', content: 'sent before the drop' });
    const original = await first.next('ack');
    first.ws.terminate();

    const again = await connect(await tokenFor(alice));
    again.send({ type: 'send', channelId: general, clientId: 'across-reconnect', content: 'sent before the drop' });
    const replay = await again.next('ack');
    expect(replay.message).toEqual(original.message);
    await listener.next('message', (frame) => frame.message.id === original.message.id);
    await expect(listener.next('message', () => true, 300)).rejects.toThrow(/no message frame/);
  });

  it('treats a REST post with the clientId of a socket send as the same message (200, not 201)', async () => {
    const { alice, general } = community;
    const sender = await connect(alice.token);
    sender.send({ type: 'send', channelId: general, clientId: 'socket-then-rest', content: 'one path' });
    const ack = await sender.next('ack');
    const replay = await api(server.url).post<Message>(`/api/channels/${general}/messages`, {
      token: alice.token,
      json: { content: 'one path', clientId: 'socket-then-rest' },
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(ack.message);
  });
});

describe('ordering under concurrency', () => {
  it('gives 10 concurrent senders of 100 messages each seq 1..1000 and the same order to every subscriber', async () => {
    const owner = community.alice;
    const client = api(server.url);
    const created = await client.post<{ id: string; channels: Array<{ id: string }> }>('/api/servers', {
      token: owner.token,
      json: { name: 'Busy', categoryId: 'ct_test' },
    });
    const channelId = created.body.channels[0]?.id as string;
    const senders = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        const user = { id: `sender_${index}`, name: `Sender ${index}` };
        const token = await tokenFor(user);
        await client.post(`/api/servers/${created.body.id}/members`, { token });
        return connect(token);
      }),
    );
    const subscribers = await Promise.all(Array.from({ length: 3 }, () => connect(owner.token)));
    await Promise.all(subscribers.map((socket) => socket.subscribe(channelId)));

    for (let round = 0; round < 100; round++) {
      senders.forEach((socket, index) =>
        socket.send({ type: 'send', channelId, clientId: `c${index}-${round}`, content: `message ${round} from ${index}` }),
      );
    }

    await Promise.all(senders.map((socket) => socket.waitForCount('ack', 100)));
    await Promise.all(subscribers.map((socket) => socket.waitForCount('message', 1000)));
    const orders = subscribers.map((socket) => socket.all('message').map((frame) => frame.message.seq));
    const expected = Array.from({ length: 1000 }, (_, index) => index + 1);
    for (const order of orders) expect(order).toEqual(expected);
    const ids = subscribers.map((socket) => socket.all('message').map((frame) => frame.message.id));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    expect(new Set(ids[0]).size).toBe(1000);
    // Each sender's own messages keep the order it sent them in.
    for (const [index, socket] of senders.entries()) {
      const acked = socket.all('ack').map((frame) => frame.message.content);
      expect(acked).toEqual(Array.from({ length: 100 }, (_, round) => `message ${round} from ${index}`));
    }
    const stored = await fullHistory(server.url, channelId, owner.token);
    expect(stored.map((message) => message.seq)).toEqual(expected);
  });
});
