// Edits and deletes through the SDK against a real server: live changes, refusals, a withheld
// change, and a client that was disconnected while another user edited and deleted.
import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatApiError, type ChatMessage, isPending } from '../src/index.js';
import { SocketProxy } from './socket-proxy.js';
import {
  type Community,
  type TestServer,
  TEST_CATEGORY,
  closeClients,
  createCommunity,
  makeDataDir,
  startTestServer,
  until,
  GENEROUS_LIMITS,
  restCall,
  historyCountingClient,
} from './support.js';
import { messageActions } from '@hearth/sdk/message-actions';

let server: TestServer;
let community: Community;
const proxies: SocketProxy[] = [];

beforeAll(async () => {
  server = await startTestServer(GENEROUS_LIMITS, makeDataDir());
  community = await createCommunity(server);
});
/** Listeners that keep channels watched for the whole test (an unwatched channel lets its window go). */
const watchers: Array<() => void> = [];
afterEach(async () => {
  for (const stop of watchers.splice(0)) stop();
  closeClients();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(() => server.stop());

const api = <T>(token: string, method: string, path: string, body?: unknown) => restCall<T>(server.url, token, method, path, body);

/** A fresh channel that Alice owns and Bob belongs to. */
async function freshChannel(): Promise<string> {
  const created = await api<{ id: string; channels: Array<{ id: string }> }>(community.alice.token, 'POST', '/api/servers', {
    name: 'Scratch',
    categoryId: TEST_CATEGORY,
  });
  await api(community.bob.token, 'POST', `/api/servers/${created.id}/members`);
  return created.channels[0]?.id as string;
}

const post = (token: string, channelId: string, content: string) =>
  api<Message>(token, 'POST', `/api/channels/${channelId}/messages`, { content });
const edit = (token: string, channelId: string, id: string, content: string) =>
  api<Message>(token, 'PATCH', `/api/channels/${channelId}/messages/${id}`, { content });
const remove = (token: string, channelId: string, id: string) => api<Message>(token, 'DELETE', `/api/channels/${channelId}/messages/${id}`);

async function serverHistory(channelId: string): Promise<Message[]> {
  return (await api<{ messages: Message[] }>(community.alice.token, 'GET', `/api/channels/${channelId}/messages?after=0&limit=100`))
    .messages;
}

const storedRows = (rows: readonly ChatMessage[]) => rows.filter((row): row is Message => !isPending(row));

/** Alice's client (through a proxy when given), counting the history requests it makes. */
const aliceClient = (socketUrl?: string) => historyCountingClient(server.url, community.alice.token, socketUrl);

describe('edits and deletes through the SDK', () => {
  it("show another user's edit and delete live, each at the next seq, in the current state the server holds", async () => {
    const channelId = await freshChannel();
    const [first, second] = [await post(community.bob.token, channelId, 'one'), await post(community.bob.token, channelId, 'two')];
    const { chat } = aliceClient();
    const channel = chat.channel(channelId);
    watchers.push(channel.$messages.listen(() => {}));
    await until(channel.$messages, (rows) => storedRows(rows).length === 2);

    const edited = await edit(community.bob.token, channelId, first.id, 'one, edited');
    const deleted = await remove(community.bob.token, channelId, second.id);
    expect([edited.version, deleted.version]).toEqual([3, 4]);

    const rows = await until(
      channel.$messages,
      (all) => storedRows(all)[1]?.deleted === true && storedRows(all)[0]?.content === 'one, edited',
    );
    expect(storedRows(rows)).toEqual(await serverHistory(channelId));
    expect(storedRows(rows)[0]?.editedAt).toEqual(expect.any(String));
    expect(storedRows(rows)[1]).toMatchObject({ content: '', deleted: true, seq: 2, version: 4 });
  });

  it("edit and delete the user's own messages; refuse someone else's, rolled back with a ChatApiError and an error event", async () => {
    const channelId = await freshChannel();
    const theirs = await post(community.bob.token, channelId, "Bob's");
    const mine = await post(community.alice.token, channelId, "Alice's");
    const { chat } = aliceClient();
    const errors: Error[] = [];
    chat.on('error', (error) => errors.push(error));
    const channel = chat.channel(channelId);
    watchers.push(channel.$messages.listen(() => {}));
    await until(channel.$messages, (rows) => storedRows(rows).length === 2);

    const edited = await messageActions(channel).edit(mine.id, "Alice's, edited");
    expect(edited).toMatchObject({ id: mine.id, content: "Alice's, edited", version: 3 });
    const refused = await messageActions(channel)
      .edit(theirs.id, 'not mine')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatApiError);
    expect((refused as ChatApiError).code).toBe('forbidden');
    expect(errors).toEqual([refused]);
    expect(storedRows(channel.$messages.get())[0]?.content).toBe("Bob's");

    await messageActions(channel).delete(mine.id);
    const rows = await until(channel.$messages, (all) => storedRows(all)[1]?.version === 4);
    expect(storedRows(rows)).toEqual(await serverHistory(channelId));
  });

  it('recovers a withheld change from the next frame on the seq line', async () => {
    const channelId = await freshChannel();
    const target = await post(community.bob.token, channelId, 'original');
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const { chat, historyRequests } = aliceClient(proxy.url);
    const channel = chat.channel(channelId);
    watchers.push(channel.$messages.listen(() => {}));
    await until(channel.$messages, (rows) => storedRows(rows).length === 1);
    await until(chat.$connection, (state) => state === 'open');
    const loads = historyRequests.length;

    // The edit's frame may reach the socket after the REST answer: it is picked out by its content.
    let withheld = 0;
    proxy.filter = (frame) => {
      const content = (frame.message as { content?: string } | undefined)?.content;
      return !(frame.type === 'changed' && content === 'edited while withheld' && ++withheld === 1);
    };
    await edit(community.bob.token, channelId, target.id, 'edited while withheld');
    await post(community.bob.token, channelId, 'after the edit');

    const rows = await until(
      channel.$messages,
      (all) => storedRows(all).length === 2 && storedRows(all)[0]?.content === 'edited while withheld',
    );
    expect(withheld).toBe(1);
    expect(storedRows(rows)).toEqual(await serverHistory(channelId));
    expect(historyRequests.length).toBe(loads);
  });

  it('bring a client that was disconnected while another edited and deleted to the server state, without refetching the channel', async () => {
    const channelId = await freshChannel();
    const messages: Message[] = [];
    for (const text of ['m1', 'm2', 'm3', 'm4', 'm5']) messages.push(await post(community.bob.token, channelId, text));
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const { chat, historyRequests } = aliceClient(proxy.url);
    const channel = chat.channel(channelId);
    watchers.push(channel.$messages.listen(() => {}));
    await until(channel.$messages, (rows) => storedRows(rows).length === 5);
    await until(chat.$connection, (state) => state === 'open');
    const loads = historyRequests.length;

    // While the proxy lets nothing through, the client cannot come back.
    proxy.filter = () => false;
    proxy.cut();
    await until(chat.$connection, (state) => state === 'reconnecting');
    const [m1, m2, m3, , m5] = messages as [Message, Message, Message, Message, Message];
    await edit(community.bob.token, channelId, m1.id, 'm1, edited once');
    await edit(community.bob.token, channelId, m1.id, 'm1, edited twice');
    await remove(community.bob.token, channelId, m2.id);
    await edit(community.bob.token, channelId, m3.id, 'm3, edited');
    await post(community.bob.token, channelId, 'm6');
    await edit(community.bob.token, channelId, m5.id, 'm5, edited after m6');
    const m7 = await post(community.bob.token, channelId, 'm7, soon deleted');
    await remove(community.bob.token, channelId, m7.id);
    proxy.filter = () => true;
    proxy.cut();
    await until(chat.$connection, (state) => state === 'open');

    const history = await serverHistory(channelId);
    expect(history.map((message) => (message.deleted ? '(deleted)' : message.content))).toEqual([
      'm1, edited twice',
      '(deleted)',
      'm3, edited',
      'm4',
      'm5, edited after m6',
      'm6',
      '(deleted)',
    ]);
    const rows = await until(channel.$messages, (all) => JSON.stringify(storedRows(all)) === JSON.stringify(history));
    expect(storedRows(rows)).toEqual(history);
    // Recovered by subscribe {afterSeq}: not one history page was fetched again.
    expect(historyRequests.length).toBe(loads);
  });
});
