import type { Message, ServerFrame } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

const MISSED_LIMIT = 5;

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_MISSED_LIMIT: String(MISSED_LIMIT), HEARTH_HTTP_WRITES_PER_MINUTE: '600' });
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
    json: { name: `changes-${++channels}` },
  });
  if (res.status !== 201) throw new Error(`could not create a channel: ${res.text}`);
  return res.body.id;
}

/** Sends over the socket and resolves with the stored message. */
async function send(socket: TestSocket, channelId: string, content: string): Promise<Message> {
  const clientId = `${content}-${Math.random()}`;
  socket.send({ type: 'send', channelId, clientId, content });
  return (await socket.next('ack', (frame) => frame.clientId === clientId)).message;
}

/** Edits over the socket and resolves with the `changed` frame that confirms it. */
async function edit(socket: TestSocket, message: Message, content: string): Promise<Message> {
  socket.send({ type: 'edit', channelId: message.channelId, messageId: message.id, content });
  return (await socket.next('changed', (frame) => frame.message.id === message.id && frame.message.content === content)).message;
}

async function remove(socket: TestSocket, message: Message): Promise<Message> {
  socket.send({ type: 'delete', channelId: message.channelId, messageId: message.id });
  return (await socket.next('changed', (frame) => frame.message.id === message.id && frame.message.deleted === true)).message;
}

/** The seq each message or change frame took, in the order they arrived. */
const seqLine = (socket: TestSocket) =>
  socket.received.flatMap((frame: ServerFrame) =>
    frame.type === 'message' ? [`message ${frame.message.seq}`] : frame.type === 'changed' ? [`changed ${frame.message.version}`] : [],
  );

async function history(channelId: string): Promise<Message[]> {
  const res = await client.get<{ messages: Message[] }>(`/api/channels/${channelId}/messages?limit=100`, { token: community.bob.token });
  return res.body.messages;
}

describe('edits and deletes reach the other subscribers live, each with the next seq', () => {
  it('sends message seq 1, 2, then changed seq 3 (an edit) and 4 (a delete) to another subscriber, in that order', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const reader = await connect(alice.token);
    await reader.subscribe(channelId);
    const writer = await connect(bob.token);
    await writer.subscribe(channelId);

    const first = await send(writer, channelId, 'first');
    const second = await send(writer, channelId, 'second');
    const edited = await edit(writer, first, 'first, edited');
    const tombstone = await remove(writer, second);

    expect(edited).toEqual({ ...first, content: 'first, edited', version: 3, editedAt: edited.editedAt, deleted: false });
    expect(Date.parse(edited.editedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.createdAt));
    expect(tombstone).toEqual({ ...second, content: '', version: 4, deleted: true });
    await reader.waitForCount('changed', 2);
    expect(seqLine(reader)).toEqual(['message 1', 'message 2', 'changed 3', 'changed 4']);
    expect(reader.all('changed').map((frame) => frame.message)).toEqual([edited, tombstone]);
    // The actor's own subscribed socket hears each change once, like everyone.
    expect(seqLine(writer)).toEqual(['message 1', 'message 2', 'changed 3', 'changed 4']);
  });

  it('confirms a change with a changed frame to an actor whose socket is not subscribed to the channel', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const reader = await connect(alice.token);
    await reader.subscribe(channelId);
    const writer = await connect(bob.token);
    const mine = await send(writer, channelId, 'unsubscribed author');
    const edited = await edit(writer, mine, 'edited without subscribing');
    const tombstone = await remove(writer, mine);
    expect([edited.version, tombstone.version]).toEqual([2, 3]);
    await reader.waitForCount('changed', 2);
    expect(reader.all('changed').map((frame) => frame.message)).toEqual([edited, tombstone]);
    expect(writer.all('changed')).toHaveLength(2);
  });

  it('passes REST edits and deletes (the owner deleting a member’s message) to socket subscribers with the next seq', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const reader = await connect(bob.token);
    await reader.subscribe(channelId);
    const posted = await client.post<Message>(`/api/channels/${channelId}/messages`, { token: bob.token, json: { content: 'by Bob' } });
    const path = `/api/channels/${channelId}/messages/${posted.body.id}`;
    const patched = await client.patch<Message>(path, { token: bob.token, json: { content: 'by Bob, fixed' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: posted.body.id, seq: 1, version: 2, content: 'by Bob, fixed', deleted: false });
    const deleted = await client.delete<Message>(path, { token: alice.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ ...patched.body, content: '', version: 3, deleted: true });
    await reader.waitForCount('changed', 2);
    expect(seqLine(reader)).toEqual(['message 1', 'changed 2', 'changed 3']);
    expect(reader.all('changed').map((frame) => frame.message)).toEqual([patched.body, deleted.body]);
  });

  it('answers a CORS preflight for PATCH', async () => {
    const preflight = await fetch(`${server.url}/api/channels/${community.general}/messages/m_any`, {
      method: 'OPTIONS',
      headers: { origin: server.url, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/\bPATCH\b/);
  });
});

describe('recovery with changes', () => {
  it('returns in missed the current state of everything added or changed while away, once each, by version; live seqs continue after', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const writer = await connect(bob.token);
    const [one, two, three] = [
      await send(writer, channelId, 'one'),
      await send(writer, channelId, 'two'),
      await send(writer, channelId, 'three'),
    ] as [Message, Message, Message];
    const reader = await connect(alice.token);
    await reader.subscribe(channelId);
    reader.ws.terminate();

    await edit(writer, one, 'one, edited'); // 4, superseded by 5
    const oneNow = await edit(writer, one, 'one, edited twice'); // 5
    const twoNow = await remove(writer, two); // 6
    const four = await send(writer, channelId, 'four'); // 7
    const fourNow = await edit(writer, four, 'four, edited'); // 8

    const back = await connect(alice.token);
    const subscribed = await back.subscribe(channelId, three.seq);
    expect(subscribed).toMatchObject({ complete: true, lastSeq: 8 });
    expect(subscribed.missed).toEqual([oneNow, twoNow, fourNow]);
    expect(subscribed.missed.map((message) => [message.seq, message.version])).toEqual([
      [1, 5],
      [2, 6],
      [7, 8],
    ]);

    const threeNow = await edit(writer, three, 'three, edited');
    const five = await send(writer, channelId, 'five');
    await back.next('message', (frame) => frame.message.id === five.id);
    expect(seqLine(back)).toEqual(['changed 9', 'message 10']);
    expect(back.all('changed').map((frame) => frame.message)).toEqual([threeNow]);
  });

  it('bounds missed by version and says complete: false; a subscribe after the last version returned gets the rest', async () => {
    const { alice, bob } = community;
    const channelId = await freshChannel();
    const writer = await connect(bob.token);
    const sent: Message[] = [];
    for (let index = 0; index < 7; index++) sent.push(await send(writer, channelId, `m${index}`));
    // Seqs 8–14 edit every message once, 15–17 the first three again: seven messages changed after seq 7.
    const latest = new Map<string, Message>();
    for (const message of sent) latest.set(message.id, await edit(writer, message, `${message.content} once`));
    for (const message of sent.slice(0, 3)) latest.set(message.id, await edit(writer, message, `${message.content} twice`));
    const expected = [...latest.values()].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
    expect(expected.map((message) => message.version)).toEqual([11, 12, 13, 14, 15, 16, 17]);

    const back = await connect(alice.token);
    const first = await back.subscribe(channelId, 7);
    expect(first).toMatchObject({ complete: false, lastSeq: 17, missed: expected.slice(0, MISSED_LIMIT) });
    const again = await connect(alice.token);
    const rest = await again.subscribe(channelId, first.missed.at(-1)?.version);
    expect(rest).toMatchObject({ complete: true, lastSeq: 17, missed: expected.slice(MISSED_LIMIT) });
  });
});

describe('history over REST', () => {
  it('returns every message in its current state by seq: edited content, editedAt, tombstones', async () => {
    const { bob } = community;
    const channelId = await freshChannel();
    const writer = await connect(bob.token);
    const one = await send(writer, channelId, 'one');
    const two = await send(writer, channelId, 'two');
    const three = await send(writer, channelId, 'three');
    const oneNow = await edit(writer, one, 'one, edited');
    const twoNow = await remove(writer, two);
    const messages = await history(channelId);
    expect(messages).toEqual([oneNow, twoNow, three]);
    expect(messages.map((message) => [message.seq, message.version, message.deleted, message.editedAt === null])).toEqual([
      [1, 4, false, false],
      [2, 5, true, true],
      [3, 3, false, true],
    ]);
    expect(twoNow.content).toBe('');
  });
});
