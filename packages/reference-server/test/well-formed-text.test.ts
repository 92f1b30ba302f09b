import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/http/problem.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { socketPool } from './support/socket-client.js';
import { tokenFor } from './support/tokens.js';
import { TEST_CATEGORY, type TestServer, startTestServer } from './support/test-server.js';

/** Text a UTF-8 database cannot keep as it is: each would be stored as U+FFFD, so two of them would collide. */
const LONE_SURROGATES = [
  ['a lone high surrogate', 'before \ud800 after'],
  ['a lone low surrogate', '\udc00 at the start'],
  ['a reversed pair', 'pair \ude00\ud83d reversed'],
  ['a high surrogate at the end', 'ends in \ud83d'],
] as const;

/** Well-formed text the database must keep exactly, code unit for code unit. */
const TRICKY_BUT_WELL_FORMED = 'emoji 😀, family 👨‍👩‍👧, clef 𝄞, e + combining acute: e\u0301, precomposed: é, nbsp\u00a0, RTL שלום';

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '6000' });
  community = await createCommunity(server);
  client = api(server.url);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

async function history(channelId: string): Promise<Message[]> {
  const page = await client.get<{ messages: Message[] }>(`/api/channels/${channelId}/messages?limit=100`, { token: community.alice.token });
  return page.body.messages;
}

describe('what is acked is what is stored: text must be well-formed Unicode', () => {
  it.each(LONE_SURROGATES)('REST refuses content with %s, naming content, and stores nothing', async (_kind, content) => {
    const before = (await history(community.general)).length;
    const res = await client.post(`/api/channels/${community.general}/messages`, { token: community.bob.token, json: { content } });
    expect(res.status).toBe(400);
    expect(res.body as Problem).toMatchObject({ code: 'invalid_input', field: 'content' });
    expect((await history(community.general)).length).toBe(before);
  });

  it.each(LONE_SURROGATES)('REST refuses a clientId with %s, naming clientId', async (_kind, clientId) => {
    const res = await client.post(`/api/channels/${community.general}/messages`, {
      token: community.bob.token,
      json: { content: 'fine', clientId },
    });
    expect(res.status).toBe(400);
    expect(res.body as Problem).toMatchObject({ code: 'invalid_input', field: 'clientId' });
  });

  it.each(LONE_SURROGATES)(
    'the socket refuses content with %s with invalid_input naming content, and stays open',
    async (_kind, content) => {
      const socket = await pool.connect(community.bob.token);
      const before = (await history(community.random)).length;
      socket.send({ type: 'send', channelId: community.random, clientId: `bad-content-${_kind}`, content });
      expect(await socket.next('error')).toMatchObject({ code: 'invalid_input', field: 'content', ref: `bad-content-${_kind}` });
      socket.send({ type: 'send', channelId: community.random, clientId: `good-after-${_kind}`, content: 'still here' });
      expect((await socket.next('ack')).message.content).toBe('still here');
      expect((await history(community.random)).length).toBe(before + 1);
    },
  );

  it.each([
    ['a server name', '/api/servers', { name: 'Bad \ud800 server', categoryId: TEST_CATEGORY }, 'name'],
    ['a server description', '/api/servers', { name: 'Fine', description: 'bad \udfff', categoryId: TEST_CATEGORY }, 'description'],
    ['a channel topic', '/api/servers/{server}/channels', { name: 'fine', topic: 'bad \ud83d' }, 'topic'],
  ])('REST refuses %s that is not well-formed, naming the field', async (_kind, path, json, field) => {
    const res = await client.post(path.replace('{server}', community.publicServer.id), { token: community.alice.token, json });
    expect(res.status).toBe(400);
    expect(res.body as Problem).toMatchObject({ code: 'invalid_input', field });
  });

  it('the socket refuses two distinct malformed clientIds instead of letting them collide', async () => {
    const socket = await pool.connect(community.bob.token);
    socket.send({ type: 'send', channelId: community.random, clientId: 'id-\ud800', content: 'first' });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_input', field: 'clientId' });
    socket.send({ type: 'send', channelId: community.random, clientId: 'id-\ud801', content: 'second' });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_input', field: 'clientId' });
    const contents = (await history(community.random)).map((message) => message.content);
    expect(contents).not.toContain('first');
    expect(contents).not.toContain('second');
  });

  it('acks over the socket exactly what history returns, and keeps clientIds that differ only in astral characters apart', async () => {
    const socket = await pool.connect(community.bob.token);
    socket.send({ type: 'send', channelId: community.general, clientId: 'astral-😀', content: `${TRICKY_BUT_WELL_FORMED} #1` });
    socket.send({ type: 'send', channelId: community.general, clientId: 'astral-😁', content: `${TRICKY_BUT_WELL_FORMED} #2` });
    await socket.waitForCount('ack', 2);
    const acked = socket.all('ack').map((frame) => frame.message);
    expect(acked.map((message) => message.clientId)).toEqual(['astral-😀', 'astral-😁']);
    expect(new Set(acked.map((message) => message.id)).size).toBe(2);
    const stored = await history(community.general);
    for (const message of acked) expect(stored.find((candidate) => candidate.id === message.id)).toEqual(message);
  });

  it('answers a REST post with exactly what history returns, and a resend with the same astral clientId with the same message', async () => {
    const post = (content: string) =>
      client.post<Message>(`/api/channels/${community.general}/messages`, {
        token: community.bob.token,
        json: { content, clientId: 'rest-𝄞' },
      });
    const first = await post(TRICKY_BUT_WELL_FORMED);
    expect(first.status).toBe(201);
    expect(first.body.content).toBe(TRICKY_BUT_WELL_FORMED);
    const again = await post(TRICKY_BUT_WELL_FORMED);
    expect(again.body.id).toBe(first.body.id);
    expect((await history(community.general)).find((message) => message.id === first.body.id)).toEqual(first.body);
  });
});

describe('NUL (U+0000), which PostgreSQL cannot store, is refused on every engine', () => {
  it.each([
    ['content', { content: 'nul \u0000 inside', clientId: 'nul-content' }],
    ['clientId', { content: 'fine', clientId: 'nul-\u0000-id' }],
  ])('the socket and REST refuse a %s holding NUL with invalid_input naming it', async (field, body) => {
    const socket = await pool.connect(community.bob.token);
    socket.send({ type: 'send', channelId: community.general, ...body });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_input', field });
    const res = await client.post(`/api/channels/${community.general}/messages`, { token: community.bob.token, json: body });
    expect(res.status).toBe(400);
    expect(res.body as Problem).toMatchObject({ code: 'invalid_input', field });
  });

  it.each([
    ['a body id', 'post', '/api/servers', { name: 'Nul', categoryId: 'ct_\u0000' }, 'categoryId'],
    ['a query id', 'get', `/api/servers?category=${encodeURIComponent('ct_\u0000')}`, undefined, 'category'],
    ['a member id', 'post', () => `/api/servers/${community.publicServer.id}/members`, { userId: 'u_\u0000' }, 'userId'],
  ] as const)('REST refuses %s holding NUL with invalid_input naming it, on every route', async (_kind, method, path, json, field) => {
    const url = typeof path === 'function' ? path() : path;
    const res =
      method === 'get'
        ? await client.get(url, { token: community.alice.token })
        : await client.post(url, { token: community.alice.token, json });
    expect(res.status).toBe(400);
    expect(res.body as Problem).toMatchObject({ code: 'invalid_input', field });
  });

  it('refuses a token whose subject holds NUL or a lone surrogate: no user id storage cannot keep', async () => {
    for (const id of ['u_\u0000', 'u_\ud800']) {
      const res = await client.get('/api/me', { token: await tokenFor({ id, name: 'Odd' }) });
      expect(res.status).toBe(401);
    }
  });

  it('answers a channel id holding NUL as an unknown channel', async () => {
    const socket = await pool.connect(community.bob.token);
    socket.send({ type: 'subscribe', channelId: 'c_\u0000' });
    expect(await socket.next('error')).toMatchObject({ code: 'unknown_channel', ref: 'c_\u0000' });
    socket.send({ type: 'typing', channelId: 'c_\u0000' });
    expect(await socket.next('error', (frame) => frame.code === 'unknown_channel')).toMatchObject({ ref: 'c_\u0000' });
  });
});
