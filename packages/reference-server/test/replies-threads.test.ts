import { MAX_EXCERPT_LENGTH, type Message, type ServerFrame } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../src/domain/types.js';
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
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '6000', HEARTH_FRAMES_PER_SECOND: '1000', HEARTH_FRAME_BURST: '1000' });
  community = await createCommunity(server);
  client = api(server.url);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

let channels = 0;
/** A fresh channel of the public server, so its seqs start at 1. */
async function freshChannel(): Promise<string> {
  const res = await client.post<Channel>(`/api/servers/${community.publicServer.id}/channels`, {
    token: community.alice.token,
    json: { name: `threads-${++channels}` },
  });
  if (res.status !== 201) throw new Error(`could not create a channel: ${res.text}`);
  return res.body.id;
}

interface PostOptions {
  replyTo?: string;
  threadId?: string;
  clientId?: string;
}

const messagesPath = (channelId: string) => `/api/channels/${channelId}/messages`;

function postRaw(token: string, channelId: string, content: string, options: PostOptions = {}) {
  return client.post<Message>(messagesPath(channelId), { token, json: { content, ...options } });
}

async function post(token: string, channelId: string, content: string, options: PostOptions = {}): Promise<Message> {
  const res = await postRaw(token, channelId, content, options);
  if (res.status !== 201) throw new Error(`could not post: ${res.text}`);
  return res.body;
}

function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number, code: string, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body as Problem).toMatchObject({ status, code, ...(field !== undefined && { field }) });
}

async function page(channelId: string, query = '', token = community.bob.token) {
  return client.get<{ messages: Message[]; hasMore: boolean; hasNewer?: boolean }>(`${messagesPath(channelId)}?${query}`, { token });
}

const seqs = (messages: Message[]) => messages.map((message) => message.seq);
const user = (member: { id: string; name: string }) => ({ id: member.id, name: member.name, avatarUrl: null });

describe('replies and threads: bad input', () => {
  it('refuses over REST a reply to a message of another channel or an unknown one (404, replyTo), and stores nothing', async () => {
    const { bob, random } = community;
    const channelId = await freshChannel();
    const elsewhere = await post(bob.token, random, 'in random');
    expectProblem(await postRaw(bob.token, channelId, 'answer', { replyTo: elsewhere.id }), 404, 'unknown_message', 'replyTo');
    expectProblem(await postRaw(bob.token, channelId, 'answer', { replyTo: 'm_nothing_here' }), 404, 'unknown_message', 'replyTo');
    expectProblem(await postRaw(bob.token, channelId, 'answer', { replyTo: '' }), 400, 'invalid_input', 'replyTo');
    expect((await page(channelId)).body.messages).toEqual([]);
    expect(await server.storage.messages.lastSeq(channelId)).toBe(0);
  });

  it('refuses over REST a thread on a thread reply (400) and on an unknown, deleted or foreign root (404), naming threadId', async () => {
    const { bob, random } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'root');
    const reply = await post(bob.token, channelId, 'in the thread', { threadId: root.id });
    const gone = await post(bob.token, channelId, 'soon gone');
    await client.delete(`${messagesPath(channelId)}/${gone.id}`, { token: bob.token });
    const foreign = await post(bob.token, random, 'a root elsewhere');

    expectProblem(await postRaw(bob.token, channelId, 'nested', { threadId: reply.id }), 400, 'invalid_input', 'threadId');
    for (const threadId of ['m_nothing_here', gone.id, foreign.id]) {
      expectProblem(await postRaw(bob.token, channelId, 'lost', { threadId }), 404, 'unknown_message', 'threadId');
    }
    // Four seqs taken: root, reply, gone and its delete; nothing refused took one.
    expect(await server.storage.messages.lastSeq(channelId)).toBe(4);
  });

  it('refuses the same over the socket with an error frame naming the field, ref = clientId, and no ack', async () => {
    const { bob, random } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'root');
    const reply = await post(bob.token, channelId, 'reply', { threadId: root.id });
    const elsewhere = await post(bob.token, random, 'elsewhere');
    const socket = await connect(bob.token);
    const cases = [
      { clientId: 'other-channel', replyTo: elsewhere.id, code: 'unknown_message', field: 'replyTo' },
      { clientId: 'nested', threadId: reply.id, code: 'invalid_input', field: 'threadId' },
      { clientId: 'unknown-root', threadId: 'm_nothing_here', code: 'unknown_message', field: 'threadId' },
      { clientId: 'foreign-root', threadId: elsewhere.id, code: 'unknown_message', field: 'threadId' },
    ];
    for (const { clientId, code, field, ...target } of cases) {
      socket.send({ type: 'send', channelId, clientId, content: 'refused', ...target });
      expect(await socket.next('error', (frame) => frame.ref === clientId)).toMatchObject({ code, field });
    }
    socket.send({ type: 'send', channelId, clientId: 'bad-id', content: 'refused', threadId: 'x'.repeat(65) });
    expect(await socket.next('error', (frame) => frame.ref === 'bad-id')).toMatchObject({ code: 'invalid_frame', field: 'threadId' });
    expect(socket.all('ack')).toEqual([]);
    expect(await server.storage.messages.lastSeq(channelId)).toBe(2);
  });

  it('acks a repeated thread reply with the original even after its root was deleted', async () => {
    const { bob } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'root');
    const socket = await connect(bob.token);
    const frame = { type: 'send', channelId, clientId: 'thread-repeat', content: 'once', threadId: root.id } as const;
    socket.send(frame);
    const first = await socket.next('ack');
    await client.delete(`${messagesPath(channelId)}/${root.id}`, { token: bob.token });
    socket.send(frame);
    const again = await socket.next('ack');
    expect(again.message).toEqual(first.message);
    expect(again.thread).toEqual(first.thread);
  });

  it('keeps a mention of a non-member or an unknown id as plain text, and resolves members once each, in order', async () => {
    const { alice, bob, carol } = community;
    const channelId = await freshChannel();
    const content = `<@${carol.id}> <@${bob.id}> hi <@u_nobody> <@${alice.id}> <@${bob.id}>`;
    const message = await post(bob.token, channelId, content);
    expect(message.content).toBe(content);
    expect(message.mentions).toEqual([user(bob), user(alice)]);
    const socket = await connect(alice.token);
    socket.send({ type: 'send', channelId, clientId: 'mention-socket', content: `<@${carol.id}> only` });
    expect((await socket.next('ack')).message.mentions).toEqual([]);
  });

  it('answers 400 to bad around, thread and paging combinations, and 404 to a thread that is not a root of the channel', async () => {
    const { bob, random } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'root');
    const reply = await post(bob.token, channelId, 'reply', { threadId: root.id });
    const elsewhere = await post(bob.token, random, 'elsewhere');
    for (const [query, field] of [
      ['around=0', 'around'],
      ['around=x', 'around'],
      ['around=-3', 'around'],
      ['before=5&around=3', 'around'],
      ['before=5&after=3', 'after'],
      ['after=1&around=3', 'around'],
      ['thread=', 'thread'],
      ['threadId=x', 'threadId'],
    ] as const) {
      expectProblem(await page(channelId, query), 400, 'invalid_input', field);
    }
    for (const thread of [reply.id, elsewhere.id, 'm_nothing_here']) {
      expectProblem(await page(channelId, `thread=${thread}`), 404, 'unknown_message', 'thread');
    }
  });
});

describe('history over REST holds the current state of replies, threads and mentions', () => {
  it('quotes the original as it stands now (edited, deleted), sums threads on their roots, names mentions by their current names', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    // An emoji straddling the excerpt's end is left out whole, not cut in half.
    const long = `${'x'.repeat(MAX_EXCERPT_LENGTH - 1)}😀 and more`;
    const original = await post(bob.token, channelId, 'original'); // 1
    const quoted = await post(alice.token, channelId, 'that is right', { replyTo: original.id }); // 2
    const doomed = await post(bob.token, channelId, 'doomed'); // 3
    const orphan = await post(alice.token, channelId, 'answering the doomed', { replyTo: doomed.id }); // 4
    const lengthy = await post(bob.token, channelId, long); // 5
    const cut = await post(alice.token, channelId, 'long one', { replyTo: lengthy.id }); // 6
    const first = await post(alice.token, channelId, `thread for <@${bob.id}>`, { threadId: original.id }); // 7
    const second = await post(bob.token, channelId, 'second in thread', { threadId: original.id, replyTo: first.id }); // 8
    await client.patch(`${messagesPath(channelId)}/${original.id}`, { token: bob.token, json: { content: 'original, edited' } }); // 9
    await client.delete(`${messagesPath(channelId)}/${doomed.id}`, { token: bob.token }); // 10
    await client.put(`${messagesPath(channelId)}/${original.id}/reactions/${encodeURIComponent('👍')}`, { token: alice.token }); // 11
    // Bob signs in under a new name: his mention follows it.
    const renamed = { id: bob.id, name: 'Robert' };
    await post(await tokenFor(renamed), channelId, 'call me Robert'); // 12

    const main = await page(channelId, '', alice.token);
    expect(main.status).toBe(200);
    expect(seqs(main.body.messages)).toEqual([1, 2, 3, 4, 5, 6, 12]);
    const byId = new Map(main.body.messages.map((message) => [message.id, message]));
    expect(byId.get(original.id)).toMatchObject({
      content: 'original, edited',
      version: 11,
      thread: { replyCount: 2, lastReplyAt: second.createdAt, lastReplySeq: 8 },
      reactions: [{ emoji: '👍', count: 1, me: true }],
      replyTo: null,
      threadId: null,
    });
    expect(byId.get(quoted.id)?.replyTo).toEqual({
      id: original.id,
      seq: 1,
      author: user(renamed),
      excerpt: 'original, edited',
      deleted: false,
    });
    expect(byId.get(orphan.id)?.replyTo).toEqual({ id: doomed.id, seq: 3, author: user(renamed), excerpt: '', deleted: true });
    expect(byId.get(cut.id)?.replyTo?.excerpt).toBe('x'.repeat(MAX_EXCERPT_LENGTH - 1));

    const thread = await page(channelId, `thread=${original.id}`, alice.token);
    expect(thread.body).toEqual({
      messages: [
        { ...first, mentions: [user(renamed)] },
        {
          ...second,
          author: user(renamed),
          // The quoted mention reads as the mentioned user's current name.
          replyTo: { id: first.id, seq: 7, author: user(alice), excerpt: `thread for @${renamed.name}`, deleted: false },
        },
      ],
      hasMore: false,
    });
    expect(thread.body.messages.map((message) => [message.threadId, message.thread])).toEqual([
      [original.id, null],
      [original.id, null],
    ]);
  });

  it('reads one message in its current state with me for the reader; 404 for another channel, an unknown id or a channel the reader cannot see', async () => {
    const { alice, bob, carol, random, secret } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'a root');
    await post(alice.token, channelId, 'in its thread', { threadId: root.id });
    await client.put(`${messagesPath(channelId)}/${root.id}/reactions/${encodeURIComponent('👍')}`, { token: alice.token });
    const read = await client.get<Message>(`${messagesPath(channelId)}/${root.id}`, { token: alice.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: root.id,
      content: 'a root',
      reactions: [{ emoji: '👍', count: 1, me: true }],
      thread: { replyCount: 1 },
    });
    const asBob = await client.get<Message>(`${messagesPath(channelId)}/${root.id}`, { token: bob.token });
    expect(asBob.body.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);

    expectProblem(await client.get(`${messagesPath(random)}/${root.id}`, { token: bob.token }), 404, 'unknown_message');
    expectProblem(await client.get(`${messagesPath(channelId)}/m_nothing_here`, { token: bob.token }), 404, 'unknown_message');
    const hidden = await post(alice.token, secret, 'private');
    expectProblem(await client.get(`${messagesPath(secret)}/${hidden.id}`, { token: carol.token }), 404, 'unknown_channel');
  });

  it('writes the mentions of a quoted message as names in the excerpt, and leaves out a mention cut short', async () => {
    const { alice, bob, carol } = community;
    const channelId = await freshChannel();
    const original = await post(bob.token, channelId, `ask <@${alice.id}> or <@${carol.id}> or <@u_nobody>`);
    const reply = await post(alice.token, channelId, 'on it', { replyTo: original.id });
    // Carol is no member of the server: her mention stays as written, as in the original.
    expect(reply.replyTo?.excerpt).toBe(`ask @${alice.name} or <@${carol.id}> or <@u_nobody>`);
    const filler = 'x'.repeat(MAX_EXCERPT_LENGTH - 10);
    const long = await post(bob.token, channelId, `${filler} <@u_someone_not_here>`);
    const cut = await post(alice.token, channelId, 'cut', { replyTo: long.id });
    expect(cut.replyTo?.excerpt).toBe(`${filler} `);
    const [read] = (await page(channelId, `around=${reply.seq}&limit=1`)).body.messages;
    expect(read?.replyTo?.excerpt).toBe(reply.replyTo?.excerpt);
  });

  it('pages around a seq: about half before, hasMore for older, hasNewer for newer, in the main line or a thread', async () => {
    const { bob } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'root'); // 1
    for (let index = 2; index <= 30; index++) {
      // Every third message is a reply in root's thread: seqs 3, 6, … 30.
      await post(bob.token, channelId, `#${index}`, index % 3 === 0 ? { threadId: root.id } : {});
    }
    const mainLine = Array.from({ length: 30 }, (_, index) => index + 1).filter((seq) => seq % 3 !== 0);
    const middle = await page(channelId, 'around=16&limit=6');
    expect(seqs(middle.body.messages)).toEqual([11, 13, 14, 16, 17, 19]);
    expect([middle.body.hasMore, middle.body.hasNewer]).toEqual([true, true]);
    // A seq of a thread reply: the page gathers around its place in the main line.
    expect(seqs((await page(channelId, 'around=15&limit=4')).body.messages)).toEqual([13, 14, 16, 17]);
    const start = await page(channelId, 'around=2&limit=6');
    expect(seqs(start.body.messages)).toEqual(mainLine.slice(0, 6));
    expect([start.body.hasMore, start.body.hasNewer]).toEqual([false, true]);
    const end = await page(channelId, 'around=29&limit=6');
    expect(seqs(end.body.messages)).toEqual(mainLine.slice(-6));
    expect([end.body.hasMore, end.body.hasNewer]).toEqual([true, false]);
    const inThread = await page(channelId, `thread=${root.id}&around=15&limit=3`);
    expect(seqs(inThread.body.messages)).toEqual([12, 15, 18]);
    expect([inThread.body.hasMore, inThread.body.hasNewer]).toEqual([true, true]);
    expect(seqs((await page(channelId, `thread=${root.id}&before=9`)).body.messages)).toEqual([3, 6]);
    expect(seqs((await page(channelId, `thread=${root.id}&after=24`)).body.messages)).toEqual([27, 30]);
  });

  it('re-resolves mentions on edit and drops them on delete', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const message = await post(bob.token, channelId, 'no one yet');
    const path = `${messagesPath(channelId)}/${message.id}`;
    const edited = await client.patch<Message>(path, { token: bob.token, json: { content: `now <@${alice.id}>` } });
    expect(edited.body.mentions).toEqual([user(alice)]);
    const tombstone = await client.delete<Message>(path, { token: bob.token });
    expect(tombstone.body.mentions).toEqual([]);
    expect((await page(channelId)).body.messages[0]?.mentions).toEqual([]);
  });
});

describe('thread replies live and on recovery', () => {
  /** The seq each message or change frame took, in the order they arrived. */
  const line = (socket: TestSocket) =>
    socket.received.flatMap((frame: ServerFrame) =>
      frame.type === 'message' ? [`message ${frame.message.seq}`] : frame.type === 'changed' ? [`changed ${frame.message.version}`] : [],
    );

  it('passes an edit, a delete, a reaction and a thread reply by one client to another live, each with the next seq', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const reader = await connect(alice.token);
    await reader.subscribe(channelId);
    const writer = await connect(bob.token);
    const send = async (clientId: string, content: string, threadId?: string) => {
      writer.send({ type: 'send', channelId, clientId, content, ...(threadId && { threadId }) });
      return writer.next('ack', (frame) => frame.clientId === clientId);
    };
    const root = (await send('root', 'root')).message; // 1
    const other = (await send('other', 'other')).message; // 2
    // The writer is not subscribed: each change comes back to it as a changed frame.
    writer.send({ type: 'edit', channelId, messageId: root.id, content: 'root, edited' }); // 3
    await writer.next('changed');
    writer.send({ type: 'delete', channelId, messageId: other.id }); // 4
    await writer.next('changed');
    writer.send({ type: 'react', channelId, messageId: root.id, emoji: '🎉' }); // 5
    await writer.next('changed');
    const ack = await send('reply', `thread reply for <@${alice.id}>`, root.id); // 6
    expect(ack.message).toMatchObject({ seq: 6, threadId: root.id, thread: null, mentions: [user(alice)] });
    expect(ack.thread).toEqual({ rootId: root.id, replyCount: 1, lastReplyAt: ack.message.createdAt, lastReplySeq: 6 });
    const byRest = await post(alice.token, channelId, 'second reply', { threadId: root.id }); // 7

    await reader.next('message', (frame) => frame.message.id === byRest.id);
    expect(line(reader)).toEqual(['message 1', 'message 2', 'changed 3', 'changed 4', 'changed 5', 'message 6', 'message 7']);
    const replies = reader.all('message').slice(2);
    expect(replies.map((frame) => frame.message)).toEqual([ack.message, byRest]);
    expect(replies.map((frame) => frame.thread)).toEqual([
      ack.thread,
      { rootId: root.id, replyCount: 2, lastReplyAt: byRest.createdAt, lastReplySeq: 7 },
    ]);
    // The root's version did not move with its replies.
    const changed = reader.all('changed');
    expect(changed.map((frame) => [frame.message.id, frame.message.version])).toEqual([
      [root.id, 3],
      [other.id, 4],
      [root.id, 5],
    ]);
  });

  it('returns on subscribe {afterSeq} each thread reply missed with its root in its current state, even an unchanged root', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const root = await post(bob.token, channelId, 'old root'); // 1
    const other = await post(bob.token, channelId, 'another root'); // 2
    const edited = await post(bob.token, channelId, 'edited root'); // 3
    const one = await post(alice.token, channelId, 'one', { threadId: root.id }); // 4
    const two = await post(alice.token, channelId, 'two', { threadId: root.id }); // 5
    const after = await post(alice.token, channelId, 'elsewhere', { threadId: other.id }); // 6
    const editedNow = (
      await client.patch<Message>(`${messagesPath(channelId)}/${edited.id}`, { token: bob.token, json: { content: 'edited' } })
    ).body; // 7
    const reply = await post(alice.token, channelId, 'in the edited one', { threadId: edited.id }); // 8

    const socket = await connect(alice.token);
    const subscribed = await socket.subscribe(channelId, 4);
    const rootNow = { ...root, thread: { replyCount: 2, lastReplyAt: two.createdAt, lastReplySeq: 5 } };
    const otherNow = { ...other, thread: { replyCount: 1, lastReplyAt: after.createdAt, lastReplySeq: 6 } };
    const editedRoot = { ...editedNow, thread: { replyCount: 1, lastReplyAt: reply.createdAt, lastReplySeq: 8 } };
    // The roots at or below afterSeq come just before their first reply; the edited root in its own place.
    expect(subscribed.missed).toEqual([rootNow, two, otherNow, after, editedRoot, reply]);
    expect(subscribed).toMatchObject({ complete: true, lastSeq: 8 });
    expect(subscribed.missed.map((message) => message.id)).not.toContain(one.id);
    // Live delivery continues after the last version, with nothing repeated.
    const next = await post(bob.token, channelId, 'next');
    await socket.next('message', (frame) => frame.message.id === next.id);
    expect(line(socket)).toEqual(['message 9']);
  });
});
