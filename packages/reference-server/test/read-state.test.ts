import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { type ReadStateBody, freshServer, postMessage, stateOf } from './support/read-state-fixtures.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000', HEARTH_USER_MESSAGES_PER_WINDOW: '100000' });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

const readStates = async (token: string) => {
  const res = await api(server.url).get<ReadStateBody[]>('/api/me/read-states', { token });
  expect(res.status).toBe(200);
  return res.body;
};

const markRead = (token: string, channelId: string, json: unknown) =>
  api(server.url).put<ReadStateBody>(`/api/channels/${channelId}/read`, { token, json });

describe('read states at ready and over REST', () => {
  it('counts others’ main-line messages that are not deleted, and mentions of the user, thread replies included; never the user’s own', async () => {
    const { alice, bob } = community;
    const { serverId, channelIds } = await freshServer(server.url, alice, [bob], 1);
    const [general, other] = channelIds as [string, string];
    const first = await postMessage(server.url, alice, general, 'hello');
    const mention = await postMessage(server.url, alice, general, `hi <@${bob.id}>`);
    const third = await postMessage(server.url, alice, general, 'third');
    await postMessage(server.url, bob, general, `my own, naming myself <@${bob.id}>`);
    await postMessage(server.url, alice, general, `<@${bob.id}> in a thread`, { threadId: first.id });
    // Edits, deletes and reactions take seqs but never count.
    const client = api(server.url, { token: alice.token });
    expect((await client.patch(`/api/channels/${general}/messages/${third.id}`, { json: { content: 'third, edited' } })).status).toBe(200);
    expect((await client.delete(`/api/channels/${general}/messages/${mention.id}`)).status).toBe(200);
    expect((await api(server.url, { token: bob.token }).put(`/api/channels/${general}/messages/${first.id}/reactions/👍`)).status).toBe(
      200,
    );

    const socket = await connect(bob.token);
    const ready = socket.all('ready')[0];
    const expected = { channelId: general, serverId, lastReadSeq: 0, lastSeq: 8, unread: 2, mentions: 1 };
    expect(stateOf(ready?.readStates, general)).toEqual(expected);
    expect(stateOf(ready?.readStates, other)).toEqual({ channelId: other, serverId, lastReadSeq: 0, lastSeq: 0, unread: 0, mentions: 0 });
    // Alice's own messages are not unread to her: only Bob's one is.
    expect(stateOf(await readStates(alice.token), general)).toMatchObject({ unread: 1, mentions: 0 });
    expect(stateOf(await readStates(bob.token), general)).toEqual(expected);
  });

  it('lists every channel of every server the user belongs to, and none of the others', async () => {
    const { alice, bob, carol } = community;
    const joined = await freshServer(server.url, alice, [carol], 2);
    const notJoined = await freshServer(server.url, alice, [bob]);
    const states = await readStates(carol.token);
    expect(states.filter((state) => state.serverId === joined.serverId).map((state) => state.channelId)).toEqual(joined.channelIds);
    expect(states.some((state) => state.serverId === notJoined.serverId)).toBe(false);
  });

  it('stores a REST mark before answering, never moves it back, and clamps a seq past the newest to the newest', async () => {
    const { alice, bob } = community;
    const { channelIds } = await freshServer(server.url, alice, [bob]);
    const channelId = channelIds[0] as string;
    for (const content of ['one', 'two', 'three']) await postMessage(server.url, alice, channelId, content);

    const marked = await markRead(bob.token, channelId, { seq: 2 });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ lastReadSeq: 2, lastSeq: 3, unread: 1 });
    expect((await markRead(bob.token, channelId, { seq: 1 })).body).toMatchObject({ lastReadSeq: 2, unread: 1 });
    expect((await markRead(bob.token, channelId, { seq: 1_000_000 })).body).toMatchObject({ lastReadSeq: 3, unread: 0 });
    // Stored as clamped: the next message is unread, not hidden behind the seq given.
    await postMessage(server.url, alice, channelId, 'four');
    expect(stateOf(await readStates(bob.token), channelId)).toMatchObject({ lastReadSeq: 3, lastSeq: 4, unread: 1 });
  });

  it('refuses a bad seq with 400 and a channel the user cannot see with 404, storing nothing', async () => {
    const { alice, bob, carol, secret, general } = community;
    for (const json of [{ seq: -1 }, { seq: 1.5 }, { seq: '3' }, {}, { seq: 1, extra: true }]) {
      const res = await markRead(bob.token, general, json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_input' });
    }
    expect((await markRead(bob.token, 'c_nowhere', { seq: 1 })).status).toBe(404);
    const hidden = await markRead(carol.token, secret, { seq: 1 });
    expect([hidden.status, (hidden.body as { code?: string }).code]).toEqual([404, 'unknown_channel']);
    expect(stateOf(await readStates(alice.token), secret).lastReadSeq).toBe(0);
  });

  it('refuses over the socket a bad seq (invalid_frame) and a channel the user cannot see (unknown_channel), with the channel as ref', async () => {
    const { carol, secret, general } = community;
    const socket = await connect(carol.token);
    socket.send({ type: 'read', channelId: general, seq: -1 });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame', field: 'seq', ref: general });
    socket.sendRaw(JSON.stringify({ type: 'read', channelId: general, seq: 2.5 }));
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame', field: 'seq', ref: general });
    socket.send({ type: 'read', channelId: secret, seq: 1 });
    expect(await socket.next('error')).toMatchObject({ code: 'unknown_channel', ref: secret });
    socket.send({ type: 'read', channelId: 'c_nowhere', seq: 1 });
    expect(await socket.next('error')).toMatchObject({ code: 'unknown_channel', ref: 'c_nowhere' });
  });
});

describe('read positions across sockets', () => {
  it('clears the count in the user’s other socket when one marks read, within one round trip', async () => {
    const { alice, bob } = community;
    const { serverId, channelIds } = await freshServer(server.url, alice, [bob]);
    const channelId = channelIds[0] as string;
    const [reader, otherTab] = await Promise.all([connect(bob.token), connect(bob.token)]);
    await reader.subscribe(channelId);
    for (const content of ['one', `two <@${bob.id}>`, 'three']) await postMessage(server.url, alice, channelId, content);
    await otherTab.waitForCount('activity', 3);

    reader.send({ type: 'read', channelId, seq: 3 });
    const expected = { channelId, serverId, lastReadSeq: 3, lastSeq: 3, unread: 0, mentions: 0 };
    const [mine, theirs] = await Promise.all([reader.next('read'), otherTab.next('read')]);
    expect(mine.state).toEqual(expected);
    expect(theirs.state).toEqual(expected);
    // A mark that does not move the position answers the sender alone with where it stands.
    reader.send({ type: 'read', channelId, seq: 1 });
    expect((await reader.next('read')).state).toEqual(expected);
    otherTab.send({ type: 'ping' });
    await otherTab.next('pong');
    expect(otherTab.all('read')).toHaveLength(1);
  });

  it('gives a subscribed reader marking as messages arrive the same counts as storage, deletes, edits and threads included', async () => {
    const { alice, bob, carol } = community;
    const { channelIds } = await freshServer(server.url, alice, [bob, carol]);
    const channelId = channelIds[0] as string;
    const reader = await connect(bob.token);
    await reader.subscribe(channelId);
    const root = await postMessage(server.url, alice, channelId, 'root');
    reader.send({ type: 'read', channelId, seq: root.seq });
    await reader.next('read');
    const doomed = await postMessage(server.url, carol, channelId, `gone <@${bob.id}>`);
    const edited = await postMessage(server.url, alice, channelId, 'plain at first');
    await postMessage(server.url, carol, channelId, `<@${bob.id}> in the thread`, { threadId: root.id });
    await postMessage(server.url, bob, channelId, 'mine');
    const client = api(server.url);
    await client.delete(`/api/channels/${channelId}/messages/${doomed.id}`, { token: carol.token });
    await client.patch(`/api/channels/${channelId}/messages/${edited.id}`, {
      token: alice.token,
      json: { content: `now for <@${bob.id}>` },
    });
    await postMessage(server.url, alice, channelId, 'last');
    await reader.waitForCount('changed', 2);
    await reader.waitForCount('message', 6);

    // Each mark is counted from the messages this process handed on; the stored counts must agree.
    for (const seq of [root.seq + 1, edited.seq, 8]) {
      reader.send({ type: 'read', channelId, seq });
      const { state } = await reader.next('read', (frame) => frame.state.lastReadSeq === seq);
      await client.put(`/api/channels/${channelId}/read`, { token: bob.token, json: { seq } });
      expect(state).toEqual(stateOf(await readStates(bob.token), channelId));
    }
  });

  it('gives counts after a reconnect that include what arrived meanwhile, and the position marked before', async () => {
    const { alice, bob } = community;
    const { channelIds } = await freshServer(server.url, alice, [bob]);
    const channelId = channelIds[0] as string;
    await postMessage(server.url, alice, channelId, 'before');
    const first = await connect(bob.token);
    first.send({ type: 'read', channelId, seq: 1 });
    await first.next('read');
    await first.close();

    await postMessage(server.url, alice, channelId, 'while away');
    await postMessage(server.url, alice, channelId, `for you <@${bob.id}>`);
    await postMessage(server.url, bob, channelId, 'from my phone');
    const again = await connect(bob.token);
    const expected = { lastReadSeq: 1, lastSeq: 4, unread: 2, mentions: 1 };
    expect(stateOf(again.all('ready')[0]?.readStates, channelId)).toMatchObject(expected);
    expect(stateOf(await readStates(bob.token), channelId)).toMatchObject(expected);
  });
});

describe('activity', () => {
  it('reaches every member’s socket, subscribed to the channel or not, and no one else’s; follows joins and leaves live', async () => {
    const { alice, bob, carol } = community;
    const { serverId, channelIds } = await freshServer(server.url, alice, [bob]);
    const channelId = channelIds[0] as string;
    const [member, stranger] = await Promise.all([connect(bob.token), connect(carol.token)]);
    // A public channel is readable by a non-member, yet only members hear of its activity.
    await stranger.subscribe(channelId);

    const message = await postMessage(server.url, alice, channelId, `hello <@${bob.id}>`);
    expect(await member.next('activity')).toEqual({
      type: 'activity',
      channelId,
      serverId,
      seq: message.seq,
      authorId: alice.id,
      mentionIds: [bob.id],
    });
    await stranger.next('message');
    expect(stranger.all('activity')).toHaveLength(0);

    // Joining while connected starts the activity; leaving ends it.
    expect((await api(server.url).post(`/api/servers/${serverId}/members`, { token: carol.token })).status).toBe(201);
    const root = await postMessage(server.url, alice, channelId, 'after carol joined');
    expect(await stranger.next('activity')).toMatchObject({ seq: root.seq, authorId: alice.id });
    const reply = await postMessage(server.url, alice, channelId, 'in a thread', { threadId: root.id });
    expect(await member.next('activity', (frame) => frame.seq === reply.seq)).toMatchObject({ threadId: root.id });
    expect((await api(server.url).delete(`/api/servers/${serverId}/members/me`, { token: carol.token })).status).toBe(204);
    // Leaving ends her subscription too, public server or not: nothing of the server reaches her.
    expect(await stranger.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId, reason: 'left' });
    const later = await postMessage(server.url, alice, channelId, 'after carol left');
    await member.next('activity', (frame) => frame.seq === later.seq);
    stranger.send({ type: 'ping' });
    await stranger.next('pong');
    expect(stranger.all('message').map((frame) => frame.message.seq)).not.toContain(later.seq);
    expect(stranger.all('activity').map((frame) => frame.seq)).toEqual([root.seq, reply.seq]);
  });
});

describe('members and their presence', () => {
  it('sends member_presence when a member’s first socket subscribes to a channel of the server, and when the last one goes', async () => {
    const { alice, bob, carol } = community;
    const { serverId, channelIds } = await freshServer(server.url, alice, [bob], 1);
    const watcher = await connect(bob.token);
    const stranger = await connect(carol.token);
    const [tabOne, tabTwo] = await Promise.all([connect(alice.token), connect(alice.token)]);
    await tabOne.subscribe(channelIds[0] as string);
    const online = await watcher.next('member_presence');
    expect(online).toEqual({ type: 'member_presence', serverId, user: { id: alice.id, name: 'Alice', avatarUrl: null }, online: true });
    await tabTwo.subscribe(channelIds[1] as string);
    await tabOne.close();
    // One socket of hers is still in the server: no word of it until the last one goes.
    await tabTwo.close();
    expect(await watcher.next('member_presence')).toMatchObject({ serverId, user: { id: alice.id }, online: false });
    expect(watcher.all('member_presence')).toHaveLength(2);
    // A non-member subscribed to nothing of the server hears nothing of it.
    stranger.send({ type: 'ping' });
    await stranger.next('pong');
    expect(stranger.all('member_presence').filter((frame) => frame.serverId === serverId)).toHaveLength(0);
  });

  it('lists online members first, then by name, paged by offset', async () => {
    const { alice, bob, carol } = community;
    const { serverId, channelIds } = await freshServer(server.url, alice, [bob, carol]);
    const present = await connect(carol.token);
    await present.subscribe(channelIds[0] as string);
    const list = (query: string) =>
      api(server.url).get<{ members: Array<{ user: { name: string }; online: boolean }>; hasMore: boolean }>(
        `/api/servers/${serverId}/members${query}`,
        { token: bob.token },
      );
    await expect
      .poll(async () => (await list('')).body.members.map((member) => [member.user.name, member.online]))
      .toEqual([
        ['Carol', true],
        ['Alice', false],
        ['Bob', false],
      ]);
    const page = await list('?offset=1&limit=1');
    expect([page.body.members.map((member) => member.user.name), page.body.hasMore]).toEqual([['Alice'], true]);
    expect((await list('?offset=3')).body).toEqual({ members: [], hasMore: false });
    expect((await list('?offset=-1')).status).toBe(400);
    await present.close();
    await expect.poll(async () => (await list('')).body.members.map((member) => member.online)).toEqual([false, false, false]);
  });

  it('caps a page of members at 100 whatever the limit asked, and pages the rest by offset', async () => {
    const { alice } = community;
    const { serverId } = await freshServer(server.url, alice, []);
    const client = api(server.url);
    for (let index = 0; index < 103; index++) {
      const token = await tokenFor({ id: `u_crowd_${index}`, name: `Crowd ${String(index).padStart(3, '0')}` });
      await client.post(`/api/servers/${serverId}/members`, { token });
    }
    const page = (query: string) =>
      client.get<{ members: Array<{ user: { id: string } }>; hasMore: boolean }>(`/api/servers/${serverId}/members${query}`, {
        token: alice.token,
      });
    const first = await page('?limit=1000');
    expect([first.status, first.body.members.length, first.body.hasMore]).toEqual([200, 100, true]);
    const rest = await page('?limit=1000&offset=100');
    expect([rest.body.members.length, rest.body.hasMore]).toEqual([4, false]);
    expect(new Set([...first.body.members, ...rest.body.members].map((member) => member.user.id)).size).toBe(104);
  });
});
