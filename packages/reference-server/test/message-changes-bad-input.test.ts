import { MAX_CONTENT_LENGTH, type Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/http/problem.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '600' });
  community = await createCommunity(server);
  client = api(server.url);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

async function post(token: string, channelId: string, content: string): Promise<Message> {
  const res = await client.post<Message>(`/api/channels/${channelId}/messages`, { token, json: { content } });
  if (res.status !== 201) throw new Error(`could not post: ${res.text}`);
  return res.body;
}

const messagePath = (channelId: string, messageId: string) => `/api/channels/${channelId}/messages/${messageId}`;

function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number, code: string): Problem {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.body as Problem;
  expect(problem).toMatchObject({ status, code, type: `/problems/${code}` });
  return problem;
}

/** The message as history holds it now. */
async function stored(channelId: string, messageId: string): Promise<Message | undefined> {
  const page = await client.get<{ messages: Message[] }>(`/api/channels/${channelId}/messages?limit=100`, { token: community.alice.token });
  return page.body.messages.find((message) => message.id === messageId);
}

async function expectSocketError(socket: TestSocket, code: string, ref: string, field?: string): Promise<void> {
  const error = await socket.next('error', (frame) => frame.ref === ref);
  expect(error).toMatchObject({ code, ref, ...(field !== undefined && { field }) });
}

describe('REST: editing or deleting a message the caller may not change', () => {
  it("answers 403 forbidden to an edit or a delete of someone else's message, and leaves it as it was", async () => {
    const { alice, bob, general } = community;
    const alices = await post(alice.token, general, 'by Alice');
    expectProblem(
      await client.patch(messagePath(general, alices.id), { token: bob.token, json: { content: 'hijacked' } }),
      403,
      'forbidden',
    );
    expectProblem(await client.delete(messagePath(general, alices.id), { token: bob.token }), 403, 'forbidden');
    // The owner may delete anyone's message, but edit only their own.
    const bobs = await post(bob.token, general, 'by Bob');
    expectProblem(
      await client.patch(messagePath(general, bobs.id), { token: alice.token, json: { content: 'owner edit' } }),
      403,
      'forbidden',
    );
    expect(await stored(general, alices.id)).toEqual(alices);
    expect(await stored(general, bobs.id)).toEqual(bobs);
  });

  it('answers 404 unknown_message for a deleted message, an unknown id and a message of another channel', async () => {
    const { bob, general, random } = community;
    const gone = await post(bob.token, general, 'soon gone');
    expect((await client.delete(messagePath(general, gone.id), { token: bob.token })).status).toBe(200);
    expectProblem(
      await client.patch(messagePath(general, gone.id), { token: bob.token, json: { content: 'back' } }),
      404,
      'unknown_message',
    );
    expectProblem(await client.delete(messagePath(general, gone.id), { token: bob.token }), 404, 'unknown_message');
    expectProblem(await client.delete(messagePath(general, 'm_nothing_here'), { token: bob.token }), 404, 'unknown_message');
    const elsewhere = await post(bob.token, random, 'in random');
    expectProblem(
      await client.patch(messagePath(general, elsewhere.id), { token: bob.token, json: { content: 'moved' } }),
      404,
      'unknown_message',
    );
    expectProblem(await client.delete(messagePath(general, elsewhere.id), { token: bob.token }), 404, 'unknown_message');
    expect(await stored(random, elsewhere.id)).toEqual(elsewhere);
  });

  it('answers 400 to an empty, blank, over-long or missing edit, naming content', async () => {
    const { bob, general } = community;
    const mine = await post(bob.token, general, 'original');
    const edit = (json: unknown) => client.patch(messagePath(general, mine.id), { token: bob.token, json });
    expect(expectProblem(await edit({ content: '' }), 400, 'invalid_input').field).toBe('content');
    expect(expectProblem(await edit({ content: ' \n\t ' }), 400, 'invalid_input').field).toBe('content');
    expect(expectProblem(await edit({ content: 'x'.repeat(MAX_CONTENT_LENGTH + 1) }), 400, 'content_too_long').field).toBe('content');
    expect(expectProblem(await edit({ content: 'bad \ud800 half' }), 400, 'invalid_input').field).toBe('content');
    expect(expectProblem(await edit({}), 400, 'invalid_input').field).toBe('content');
    expect(expectProblem(await edit({ content: 'fine', pinned: true }), 400, 'invalid_input').field).toBe('pinned');
    expect(await stored(general, mine.id)).toEqual(mine);
  });

  it('answers 404 unknown_channel for a channel the caller cannot see, 403 not_member to a non-member, 401 without a token', async () => {
    const { alice, carol, general, secret } = community;
    const secretMessage = await post(alice.token, secret, 'private');
    expectProblem(await client.delete(messagePath(secret, secretMessage.id), { token: carol.token }), 404, 'unknown_channel');
    const alices = await post(alice.token, general, 'public');
    expectProblem(await client.delete(messagePath(general, alices.id), { token: carol.token }), 403, 'not_member');
    expectProblem(await client.patch(messagePath(general, alices.id), { json: { content: 'anonymous' } }), 401, 'unauthorized');
    expectProblem(await client.request('PUT', messagePath(general, alices.id), { token: alice.token }), 405, 'method_not_allowed');
  });

  it('counts edits and deletes against the per-user write limit', async () => {
    const limited = api(server.url);
    const { general, publicServer } = community;
    const writer = { id: 'u_rapid_editor', name: 'Rapid' };
    const token = await tokenFor(writer);
    await limited.post(`/api/servers/${publicServer.id}/members`, { token });
    const mine = await post(token, general, 'edit me often');
    let status = 0;
    for (let index = 0; index < 400 && status !== 429; index++) {
      status = (await limited.patch(messagePath(general, mine.id), { token, json: { content: `edit ${index}` } })).status;
    }
    expect(status).toBe(429);
  });
});

describe('socket: edit and delete frames that are refused answer with an error frame, ref = messageId', () => {
  it("refuses someone else's message with forbidden and a deleted or foreign one with unknown_message", async () => {
    const { alice, bob, general, random } = community;
    const socket = await connect(bob.token);
    const alices = await post(alice.token, general, 'by Alice, over the socket');
    socket.send({ type: 'edit', channelId: general, messageId: alices.id, content: 'hijacked' });
    await expectSocketError(socket, 'forbidden', alices.id);
    socket.send({ type: 'delete', channelId: general, messageId: alices.id });
    await expectSocketError(socket, 'forbidden', alices.id);

    const elsewhere = await post(bob.token, random, 'in random');
    socket.send({ type: 'edit', channelId: general, messageId: elsewhere.id, content: 'moved' });
    await expectSocketError(socket, 'unknown_message', elsewhere.id);

    const gone = await post(bob.token, general, 'soon gone');
    socket.send({ type: 'delete', channelId: general, messageId: gone.id });
    await socket.next('changed', (frame) => frame.message.id === gone.id);
    socket.send({ type: 'delete', channelId: general, messageId: gone.id });
    await expectSocketError(socket, 'unknown_message', gone.id);
    socket.send({ type: 'edit', channelId: general, messageId: gone.id, content: 'back again' });
    await expectSocketError(socket, 'unknown_message', gone.id);
    expect(await stored(general, alices.id)).toEqual(alices);
    expect(await stored(random, elsewhere.id)).toEqual(elsewhere);
  });

  it('refuses an empty, over-long or malformed edit, naming the field', async () => {
    const { bob, general } = community;
    const socket = await connect(bob.token);
    const mine = await post(bob.token, general, 'keep me');
    socket.send({ type: 'edit', channelId: general, messageId: mine.id, content: '   ' });
    await expectSocketError(socket, 'invalid_input', mine.id, 'content');
    socket.send({ type: 'edit', channelId: general, messageId: mine.id, content: 'y'.repeat(MAX_CONTENT_LENGTH + 1) });
    await expectSocketError(socket, 'content_too_long', mine.id, 'content');
    socket.sendRaw(JSON.stringify({ type: 'edit', channelId: general, messageId: mine.id, content: 42 }));
    await expectSocketError(socket, 'invalid_frame', mine.id, 'content');
    socket.sendRaw(JSON.stringify({ type: 'delete', channelId: general }));
    expect(await socket.next('error', (frame) => frame.ref === general)).toMatchObject({ code: 'invalid_frame', field: 'messageId' });
    expect(await stored(general, mine.id)).toEqual(mine);
    expect(socket.all('changed')).toEqual([]);
  });

  it('refuses a stranger with unknown_channel or not_member', async () => {
    const { alice, carol, general, secret } = community;
    const socket = await connect(carol.token);
    const secretMessage = await post(alice.token, secret, 'private');
    socket.send({ type: 'delete', channelId: secret, messageId: secretMessage.id });
    await expectSocketError(socket, 'unknown_channel', secretMessage.id);
    const alices = await post(alice.token, general, 'public');
    socket.send({ type: 'edit', channelId: general, messageId: alices.id, content: 'drive-by' });
    await expectSocketError(socket, 'not_member', alices.id);
  });

  it('refuses a message id that no storage can hold (NUL, a lone surrogate) with unknown_message', async () => {
    const { bob, general } = community;
    const socket = await connect(bob.token);
    for (const messageId of ['m_\u0000nul', 'm_\ud800half']) {
      socket.send({ type: 'edit', channelId: general, messageId, content: 'edited' });
      await expectSocketError(socket, 'unknown_message', messageId);
      socket.send({ type: 'delete', channelId: general, messageId });
      await expectSocketError(socket, 'unknown_message', messageId);
      socket.send({ type: 'react', channelId: general, messageId, emoji: '👍' });
      await expectSocketError(socket, 'unknown_message', messageId);
    }
    expect(socket.all('error').map((frame) => frame.code)).toEqual(Array.from({ length: 6 }, () => 'unknown_message'));
  });
});
