// Reactions, replies, threads and mentions through the SDK against a real server: live between two
// users, and recovered by a client that was disconnected meanwhile, without refetching the channel.
import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChatMessage, isPending } from '../src/index.js';
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
import { threadOf } from '@hearth/sdk/threads';
import { messageActions } from '@hearth/sdk/message-actions';

let server: TestServer;
let community: Community;
const proxies: SocketProxy[] = [];
const watchers: Array<() => void> = [];

beforeAll(async () => {
  server = await startTestServer(GENEROUS_LIMITS, makeDataDir());
  community = await createCommunity(server);
});
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
    name: 'Conversation',
    categoryId: TEST_CATEGORY,
  });
  await api(community.bob.token, 'POST', `/api/servers/${created.id}/members`);
  return created.channels[0]?.id as string;
}

const post = (token: string, channelId: string, body: { content: string; replyTo?: string; threadId?: string }) =>
  api<Message>(token, 'POST', `/api/channels/${channelId}/messages`, body);
const react = (token: string, channelId: string, id: string, emoji: string, method = 'PUT') =>
  api<Message>(token, method, `/api/channels/${channelId}/messages/${id}/reactions/${encodeURIComponent(emoji)}`);
const page = async (channelId: string, query = 'after=0&limit=100') =>
  (await api<{ messages: Message[] }>(community.alice.token, 'GET', `/api/channels/${channelId}/messages?${query}`)).messages;
/** A member of the test community as other users see them. */
const asUser = ({ id, name }: { id: string; name: string }) => ({ id, name, avatarUrl: null });
const stored = (rows: readonly ChatMessage[]) => rows.filter((row): row is Message => !isPending(row));

const client = (token: string, socketUrl?: string) => historyCountingClient(server.url, token, socketUrl);

describe('conversation through the SDK', () => {
  it('shows reactions, replies and thread replies of one user live at the other, with me for each', async () => {
    const channelId = await freshChannel();
    const root = await post(community.bob.token, channelId, { content: 'lunch at noon?' });
    const alice = client(community.alice.token).chat.channel(channelId);
    const bob = client(community.bob.token).chat.channel(channelId);
    watchers.push(
      alice.$messages.listen(() => {}),
      bob.$messages.listen(() => {}),
    );
    await until(alice.$messages, (rows) => stored(rows).length === 1);
    await until(bob.$messages, (rows) => stored(rows).length === 1);

    await messageActions(alice).react(root.id, '👍');
    await until(bob.$messages, (rows) => stored(rows)[0]?.reactions?.[0]?.count === 1);
    expect(stored(bob.$messages.get())[0]?.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
    await messageActions(bob).react(root.id, '👍');
    await until(alice.$messages, (rows) => stored(rows)[0]?.reactions?.[0]?.count === 2);
    expect(stored(alice.$messages.get())[0]?.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
    expect(await messageActions(alice).reactors(root.id, '👍')).toEqual({
      users: [asUser(community.alice), asUser(community.bob)],
      count: 2,
    });

    const answer = await alice.reply(root.id, 'yes');
    expect(answer.replyTo).toMatchObject({ id: root.id, excerpt: 'lunch at noon?', deleted: false });
    await until(bob.$messages, (rows) => stored(rows).some((row) => row.replyTo?.id === root.id));

    const bobThread = threadOf(bob, root.id);
    watchers.push(bobThread.$messages.listen(() => {}));
    await until(bobThread.$status, (status) => status.state === 'ready');
    const aliceThread = threadOf(alice, root.id);
    watchers.push(aliceThread.$messages.listen(() => {}));
    await aliceThread.send(`ping <@${community.bob.id}>`);
    const [inThread] = stored(await until(bobThread.$messages, (rows) => stored(rows).length === 1));
    expect(inThread).toMatchObject({ threadId: root.id, mentions: [asUser(community.bob)], mentionsMe: true });
    await until(bob.$messages, (rows) => stored(rows)[0]?.thread?.replyCount === 1);
    expect(stored(bob.$messages.get()).map((row) => row.content)).toEqual(['lunch at noon?', 'yes']);
  });

  it('brings a client disconnected while another reacted, replied, posted in a thread and deleted to the server state, without refetching', async () => {
    const channelId = await freshChannel();
    const m1 = await post(community.bob.token, channelId, { content: 'm1' });
    const m2 = await post(community.bob.token, channelId, { content: 'm2' });
    await post(community.bob.token, channelId, { content: 'm3', replyTo: m1.id });
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const { chat, historyRequests } = client(community.alice.token, proxy.url);
    const channel = chat.channel(channelId);
    watchers.push(channel.$messages.listen(() => {}));
    await until(channel.$messages, (rows) => stored(rows).length === 3);
    await until(chat.$connection, (state) => state === 'open');
    await messageActions(channel).react(m2.id, '🎉');
    const loads = historyRequests.length;

    proxy.filter = () => false;
    proxy.cut();
    await until(chat.$connection, (state) => state === 'reconnecting');
    await react(community.bob.token, channelId, m1.id, '👍');
    await react(community.bob.token, channelId, m2.id, '🎉');
    await react(community.bob.token, channelId, m1.id, '👍', 'DELETE');
    await react(community.bob.token, channelId, m1.id, '❤️');
    await post(community.bob.token, channelId, { content: 'in the thread', threadId: m2.id });
    await post(community.bob.token, channelId, { content: 'again in the thread', threadId: m2.id });
    await api(community.bob.token, 'DELETE', `/api/channels/${channelId}/messages/${m1.id}`);
    await post(community.bob.token, channelId, { content: 'm4', replyTo: m2.id });
    proxy.filter = () => true;
    proxy.cut();
    await until(chat.$connection, (state) => state === 'open');

    const history = await page(channelId);
    expect(history.map((message) => message.content)).toEqual(['', 'm2', 'm3', 'm4']);
    expect(history[1]).toMatchObject({ reactions: [{ emoji: '🎉', count: 2, me: true }], thread: { replyCount: 2 } });
    expect(history[2]?.replyTo).toMatchObject({ id: m1.id, deleted: true, excerpt: '' });
    const rows = await until(channel.$messages, (all) => JSON.stringify(stored(all)) === JSON.stringify(history));
    expect(stored(rows)).toEqual(history);
    expect(historyRequests.length).toBe(loads);
  });
});
