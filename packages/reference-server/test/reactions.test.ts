import { MAX_DISTINCT_REACTIONS, type Message, type ServerFrame } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../src/domain/types.js';
import type { Problem } from '../src/http/problem.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '6000', HEARTH_FRAMES_PER_SECOND: '1000', HEARTH_FRAME_BURST: '1000' });
  community = await createCommunity(server);
  client = api(server.url);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

let channels = 0;
async function freshChannel(): Promise<string> {
  const res = await client.post<Channel>(`/api/servers/${community.publicServer.id}/channels`, {
    token: community.alice.token,
    json: { name: `reactions-${++channels}` },
  });
  return res.body.id;
}

async function post(token: string, channelId: string, content: string): Promise<Message> {
  const res = await client.post<Message>(`/api/channels/${channelId}/messages`, { token, json: { content } });
  if (res.status !== 201) throw new Error(`could not post: ${res.text}`);
  return res.body;
}

const reactionPath = (message: Message, emoji: string) =>
  `/api/channels/${message.channelId}/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`;
const react = (token: string, message: Message, emoji: string) => client.put<Message>(reactionPath(message, emoji), { token });
const unreact = (token: string, message: Message, emoji: string) => client.delete<Message>(reactionPath(message, emoji), { token });

function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number, code: string): Problem {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.body as Problem;
  expect(problem).toMatchObject({ status, code });
  return problem;
}

async function history(channelId: string, token: string): Promise<Message[]> {
  return (await client.get<{ messages: Message[] }>(`/api/channels/${channelId}/messages`, { token })).body.messages;
}

const NOT_ONE_EMOJI = ['a', 'ok', ':)', '1', '👍👍', '👍a', 'a👍', '🇫', '\u200d'];
const ONE_EMOJI = ['👍', '❤️', '👍🏽', '👩‍👩‍👧', '🇫🇷', '🏳️‍🌈', '☺'];

describe('reactions: bad input', () => {
  it.each(NOT_ONE_EMOJI)('refuses %j over REST with 400 invalid_input naming emoji', async (emoji) => {
    const message = await post(community.bob.token, community.general, 'react to me');
    expect(expectProblem(await react(community.bob.token, message, emoji), 400, 'invalid_input').field).toBe('emoji');
  });

  it('refuses what is not one emoji over the socket with an error frame, ref = messageId', async () => {
    const message = await post(community.bob.token, community.general, 'react to me over the socket');
    const socket = await connect(community.bob.token);
    for (const emoji of NOT_ONE_EMOJI) {
      socket.send({ type: 'react', channelId: community.general, messageId: message.id, emoji });
      expect(await socket.next('error', (frame) => frame.ref === message.id)).toMatchObject({ code: 'invalid_input', field: 'emoji' });
    }
    expect(socket.all('changed')).toEqual([]);
    expect((await history(community.general, community.bob.token)).find((stored) => stored.id === message.id)?.reactions).toEqual([]);
  });

  it(`refuses a ${MAX_DISTINCT_REACTIONS + 1}st distinct emoji with 409 conflict, and still takes one more of an emoji already there`, async () => {
    const { alice, bob } = community;
    const message = await post(bob.token, community.general, 'popular');
    const emoji = Array.from({ length: MAX_DISTINCT_REACTIONS + 1 }, (_, index) => String.fromCodePoint(0x1f600 + index));
    for (const one of emoji.slice(0, MAX_DISTINCT_REACTIONS)) expect((await react(bob.token, message, one)).status).toBe(200);
    expect(expectProblem(await react(bob.token, message, emoji[MAX_DISTINCT_REACTIONS] as string), 409, 'conflict').field).toBe('emoji');
    const socket = await connect(alice.token);
    socket.send({ type: 'react', channelId: message.channelId, messageId: message.id, emoji: emoji[MAX_DISTINCT_REACTIONS] as string });
    expect(await socket.next('error', (frame) => frame.ref === message.id)).toMatchObject({ code: 'conflict', field: 'emoji' });
    const again = await react(alice.token, message, emoji[0] as string);
    expect(again.body.reactions).toHaveLength(MAX_DISTINCT_REACTIONS);
    expect(again.body.reactions?.[0]).toEqual({ emoji: emoji[0], count: 2, me: true });
  });

  it('answers 404 unknown_message for a deleted message or one of another channel, 403 not_member to a non-member', async () => {
    const { bob, carol, general, random } = community;
    const gone = await post(bob.token, general, 'gone');
    await client.delete(`/api/channels/${general}/messages/${gone.id}`, { token: bob.token });
    expectProblem(await react(bob.token, gone, '👍'), 404, 'unknown_message');
    const elsewhere = await post(bob.token, random, 'elsewhere');
    expectProblem(await react(bob.token, { ...elsewhere, channelId: general }, '👍'), 404, 'unknown_message');
    expectProblem(await react(carol.token, elsewhere, '👍'), 403, 'not_member');
    const socket = await connect(bob.token);
    socket.send({ type: 'unreact', channelId: general, messageId: gone.id, emoji: '👍' });
    expect(await socket.next('error', (frame) => frame.ref === gone.id)).toMatchObject({ code: 'unknown_message' });
  });
});

describe('reactions', () => {
  it.each(ONE_EMOJI)('takes %j as one emoji', async (emoji) => {
    const message = await post(community.bob.token, community.general, 'any emoji');
    const res = await react(community.bob.token, message, emoji);
    expect(res.status).toBe(200);
    expect(res.body.reactions).toEqual([{ emoji, count: 1, me: true }]);
    const removed = await unreact(community.bob.token, message, emoji);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ version: (res.body.version ?? 0) + 1, reactions: [] });
  });

  it('gives every add and remove the next seq, live to another subscriber, with me: false and the reaction; a repeat changes nothing', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const reader = await connect(alice.token);
    await reader.subscribe(channelId);
    const reactor = await connect(bob.token);
    reactor.send({ type: 'send', channelId, clientId: 'to-react-to', content: 'react here' });
    const message = (await reactor.next('ack')).message;

    reactor.send({ type: 'react', channelId, messageId: message.id, emoji: '👍' }); // 2
    await reader.next('changed');
    expect((await react(alice.token, message, '👍')).body.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]); // 3
    expect((await react(alice.token, message, '🎉')).body.version).toBe(4); // 4
    expect((await react(alice.token, message, '🎉')).body.version).toBe(4); // a repeat: no seq
    reactor.send({ type: 'unreact', channelId, messageId: message.id, emoji: '👍' }); // 5
    reactor.send({ type: 'unreact', channelId, messageId: message.id, emoji: '👍' }); // a repeat: confirmed to the reactor only
    await reader.waitForCount('changed', 4);
    await reactor.waitForCount('changed', 3);

    const changed = reader.all('changed');
    expect(changed.map((frame) => [frame.message.version, frame.reaction])).toEqual([
      [2, { emoji: '👍', userId: bob.id, added: true }],
      [3, { emoji: '👍', userId: alice.id, added: true }],
      [4, { emoji: '🎉', userId: alice.id, added: true }],
      [5, { emoji: '👍', userId: bob.id, added: false }],
    ]);
    expect(changed.map((frame) => frame.message.reactions)).toEqual([
      [{ emoji: '👍', count: 1, me: false }],
      [{ emoji: '👍', count: 2, me: false }],
      [
        { emoji: '👍', count: 2, me: false },
        { emoji: '🎉', count: 1, me: false },
      ],
      [
        { emoji: '👍', count: 1, me: false },
        { emoji: '🎉', count: 1, me: false },
      ],
    ]);
    const line = reader.received.flatMap((frame: ServerFrame) =>
      frame.type === 'message' ? [frame.message.seq] : frame.type === 'changed' ? [frame.message.version] : [],
    );
    expect(line).toEqual([1, 2, 3, 4, 5]);
    // The reactor's socket was not subscribed: each of its changes, and its repeat, came back as confirmation.
    expect(reactor.all('changed').map((frame) => frame.message.version)).toEqual([2, 5, 5]);

    // History and recovery say `me` for each reader.
    const forAlice = (await history(channelId, alice.token))[0];
    const forBob = (await history(channelId, bob.token))[0];
    expect(forAlice?.reactions).toEqual([
      { emoji: '👍', count: 1, me: true },
      { emoji: '🎉', count: 1, me: true },
    ]);
    expect(forBob?.reactions).toEqual([
      { emoji: '👍', count: 1, me: false },
      { emoji: '🎉', count: 1, me: false },
    ]);
    const back = await connect(alice.token);
    expect((await back.subscribe(channelId, 1)).missed).toEqual([forAlice]);
  });

  it('acks a repeated send with the stored message and its reactions, me for the author', async () => {
    const { alice, bob } = community;
    const socket = await connect(bob.token);
    const frame = { type: 'send', channelId: community.general, clientId: `repeat-${Date.now()}`, content: 'sent twice' } as const;
    socket.send(frame);
    const original = (await socket.next('ack')).message;
    await react(bob.token, original, '👍');
    await react(alice.token, original, '👍');
    socket.send(frame);
    const repeated = (await socket.next('ack')).message;
    expect(repeated).toMatchObject({ id: original.id, version: original.seq + 2, reactions: [{ emoji: '👍', count: 2, me: true }] });
  });

  it('removes the reactions of a deleted message from storage', async () => {
    const { alice, bob } = community;
    const message = await post(bob.token, community.general, 'short-lived');
    await react(alice.token, message, '👀');
    const tombstone = await client.delete<Message>(`/api/channels/${message.channelId}/messages/${message.id}`, { token: bob.token });
    expect(tombstone.body.reactions).toEqual([]);
    expect((await history(message.channelId, alice.token)).find((stored) => stored.id === message.id)?.reactions).toEqual([]);
  });
});

describe('who reacted', () => {
  const reactorsPath = (message: Message, emoji: string, query = '') => `${reactionPath(message, emoji)}${query}`;

  it('lists the first reactors in the order they reacted (3 by default) and counts them all, for any reader of the channel', async () => {
    const { alice, bob, carol } = community;
    const message = await post(bob.token, community.general, 'who likes this?');
    const others = await Promise.all(
      [1, 2, 3].map(async (index) => {
        const user = { id: `u_fan_${index}`, name: `Fan ${index}` };
        const token = await tokenFor(user);
        await client.post(`/api/servers/${community.publicServer.id}/members`, { token });
        return { ...user, token };
      }),
    );
    const order = [bob, others[0], alice, others[1], others[2]] as Array<{ id: string; name: string; token: string }>;
    for (const reactor of order) await react(reactor.token, message, '❤️');
    await react(alice.token, message, '👀');
    const asUser = (reactor: { id: string; name: string }) => ({ id: reactor.id, name: reactor.name, avatarUrl: null });

    const first = await client.get(reactorsPath(message, '❤️'), { token: carol.token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ users: order.slice(0, 3).map(asUser), count: 5 });
    expect((await client.get(reactorsPath(message, '❤️', '?limit=1000'), { token: bob.token })).body).toEqual({
      users: order.map(asUser),
      count: 5,
    });
    expect((await client.get(reactorsPath(message, '👀', '?limit=1'), { token: bob.token })).body).toEqual({
      users: [asUser(alice)],
      count: 1,
    });
    expect((await client.get(reactorsPath(message, '🎉'), { token: bob.token })).body).toEqual({ users: [], count: 0 });
  });

  it('answers 404 for an unknown, deleted or foreign message and a hidden channel, 400 for a bad emoji or limit', async () => {
    const { alice, bob, carol, general, random, secret } = community;
    const gone = await post(bob.token, general, 'gone');
    await react(alice.token, gone, '👍');
    await client.delete(`/api/channels/${general}/messages/${gone.id}`, { token: bob.token });
    expectProblem(await client.get(reactorsPath(gone, '👍'), { token: bob.token }), 404, 'unknown_message');
    expectProblem(await client.get(reactorsPath({ ...gone, id: 'm_nothing_here' }, '👍'), { token: bob.token }), 404, 'unknown_message');
    const elsewhere = await post(bob.token, random, 'elsewhere');
    expectProblem(await client.get(reactorsPath({ ...elsewhere, channelId: general }, '👍'), { token: bob.token }), 404, 'unknown_message');
    const hidden = await post(alice.token, secret, 'secret');
    expectProblem(await client.get(reactorsPath(hidden, '👍'), { token: carol.token }), 404, 'unknown_channel');
    const live = await post(bob.token, general, 'live');
    expect(expectProblem(await client.get(reactorsPath(live, 'ok'), { token: bob.token }), 400, 'invalid_input').field).toBe('emoji');
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=x', 'limit'],
      ['?first=1', 'first'],
    ] as const) {
      expect(expectProblem(await client.get(reactorsPath(live, '👍', query), { token: bob.token }), 400, 'invalid_input').field).toBe(
        field,
      );
    }
  });
});
