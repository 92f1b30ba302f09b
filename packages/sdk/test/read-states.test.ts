// Read state through the SDK against a real server: a mark in one tab clears the count in another,
// counts stay live for channels nobody opened, and after a reconnect they equal the server's.
import type { Message, ReadState } from '@hearth/sdk/protocol';
import { readStatesOf } from '@hearth/sdk/read-states';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketProxy } from './socket-proxy.js';
import {
  type Community,
  type TestServer,
  TEST_CATEGORY,
  closeClients,
  createCommunity,
  makeDataDir,
  nodeClient,
  startTestServer,
  until,
  GENEROUS_LIMITS,
  restCall,
} from './support.js';

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

/** A fresh server of Alice's with two channels, which Bob joins. */
async function freshServer(): Promise<{ serverId: string; first: string; second: string }> {
  const created = await api<{ id: string; channels: Array<{ id: string }> }>(community.alice.token, 'POST', '/api/servers', {
    name: 'Reading room',
    categoryId: TEST_CATEGORY,
  });
  const second = await api<{ id: string }>(community.alice.token, 'POST', `/api/servers/${created.id}/channels`, { name: 'second' });
  await api(community.bob.token, 'POST', `/api/servers/${created.id}/members`);
  return { serverId: created.id, first: created.channels[0]?.id as string, second: second.id };
}

const post = (token: string, channelId: string, content: string) =>
  api<Message>(token, 'POST', `/api/channels/${channelId}/messages`, { content });
const serverStates = async (token: string) =>
  Object.fromEntries((await api<ReadState[]>(token, 'GET', '/api/me/read-states')).map((state) => [state.channelId, state]));

describe('read state through the SDK', () => {
  it('clears the count in a second tab of the same user when the first marks the channel read', async () => {
    const { first, serverId } = await freshServer();
    const tabOne = nodeClient(server.url, { token: community.bob.token });
    const tabTwo = nodeClient(server.url, { token: community.bob.token });
    // Tab one's read states start before its socket opens, tab two's after: from `ready`, and over REST.
    const readsOne = readStatesOf(tabOne);
    tabOne.connect();
    tabTwo.connect();
    await until(tabTwo.$connection, (state) => state === 'open');
    await until(tabOne.$connection, (state) => state === 'open');
    const readsTwo = readStatesOf(tabTwo);
    for (const text of ['one', 'two', 'three']) await post(community.alice.token, first, text);
    await until(readsTwo.$byChannel, (states) => states[first]?.unread === 3);
    expect(readsTwo.$byServer.get()[serverId]).toEqual({ unread: 3, mentions: 0 });

    const channel = tabOne.channel(first);
    watchers.push(channel.$messages.listen(() => {}));
    await until(channel.$messages, (rows) => rows.length === 3);
    await readsOne.markRead(first, 3);
    expect(readsOne.$byChannel.get()[first]?.unread).toBe(0);
    await until(readsTwo.$byChannel, (states) => states[first]?.unread === 0);
    expect(readsTwo.$byChannel.get()[first]?.lastReadSeq).toBe(3);
  });

  it('equals the server after a reconnect, with what arrived meanwhile counted and the user’s own messages never', async () => {
    const { first, second } = await freshServer();
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const bob = nodeClient(server.url, { token: community.bob.token, socketUrl: proxy.url });
    const reads = readStatesOf(bob);
    bob.connect();
    await until(bob.$connection, (state) => state === 'open');
    await post(community.alice.token, first, `hello <@${community.bob.id}>`);
    await post(community.bob.token, first, 'my own');
    await until(reads.$byChannel, (states) => states[first]?.lastSeq === 2);

    proxy.filter = () => false;
    proxy.cut();
    await until(bob.$connection, (state) => state === 'reconnecting');
    await post(community.alice.token, second, 'while you were away');
    await post(community.alice.token, first, `again <@${community.bob.id}>`);
    await post(community.bob.token, second, 'mine, from another device');
    proxy.filter = () => true;
    proxy.cut();
    await until(bob.$connection, (state) => state === 'open');

    const expected = await serverStates(community.bob.token);
    expect(expected[first]).toMatchObject({ unread: 2, mentions: 2 });
    expect(expected[second]).toMatchObject({ unread: 1, mentions: 0 });
    await until(reads.$byChannel, (states) => JSON.stringify(states[second]) === JSON.stringify(expected[second]));
    expect(reads.$byChannel.get()[first]).toEqual(expected[first]);
  });
});
