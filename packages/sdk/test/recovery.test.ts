import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChatMessage, isPending } from '../src/index.js';
import { SocketProxy } from './socket-proxy.js';
import {
  type Community,
  type TestServer,
  TEST_CATEGORY,
  TestSocket,
  closeClients,
  createCommunity,
  makeDataDir,
  nodeClient,
  startTestServer,
  until,
  GENEROUS_LIMITS,
} from './support.js';

let server: TestServer;
let dataDir: string;
let community: Community;
const sockets: TestSocket[] = [];
const proxies: SocketProxy[] = [];

beforeAll(async () => {
  dataDir = makeDataDir();
  server = await startTestServer(GENEROUS_LIMITS, dataDir);
  community = await createCommunity(server);
});
afterEach(async () => {
  closeClients();
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(() => server.stop());

/** A fresh channel that Alice owns and Bob belongs to. */
async function freshChannel(): Promise<string> {
  const created = await fetch(`${server.url}/api/servers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${community.alice.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Scratch', categoryId: TEST_CATEGORY }),
  });
  const body = (await created.json()) as { id: string; channels: Array<{ id: string }> };
  await fetch(`${server.url}/api/servers/${body.id}/members`, {
    method: 'POST',
    headers: { authorization: `Bearer ${community.bob.token}` },
  });
  return body.channels[0]?.id as string;
}

async function writer(): Promise<TestSocket> {
  const socket = await TestSocket.connect(server.socketUrl, community.bob.token);
  sockets.push(socket);
  return socket;
}

async function sendFrom(socket: TestSocket, channelId: string, texts: string[]): Promise<Message[]> {
  const before = socket.all('ack').length;
  for (const text of texts) socket.send({ type: 'send', channelId, clientId: `${text}-${Math.random()}`, content: text });
  await socket.waitForCount('ack', before + texts.length);
  return socket
    .all('ack')
    .slice(before)
    .map((frame) => frame.message);
}

async function serverHistory(channelId: string): Promise<Message[]> {
  const res = await fetch(`${server.url}/api/channels/${channelId}/messages?after=0&limit=100`, {
    headers: { authorization: `Bearer ${community.alice.token}` },
  });
  return ((await res.json()) as { messages: Message[] }).messages;
}

const storedRows = (rows: readonly ChatMessage[]) => rows.filter((row): row is Message => !isPending(row));

/** Every snapshot a store passes through, to check invariants that must hold at every moment. */
function record(store: { subscribe(listener: (rows: readonly ChatMessage[]) => void): () => void }) {
  const snapshots: Array<readonly ChatMessage[]> = [];
  const unbind = store.subscribe((rows) => snapshots.push(rows));
  return { snapshots, unbind };
}

function expectContiguous(rows: readonly ChatMessage[]): void {
  const seqs = storedRows(rows).map((message) => message.seq);
  seqs.forEach((seq, index) => {
    if (index > 0) expect(seq, `seqs ${seqs.join(',')}`).toBe((seqs[index - 1] as number) + 1);
  });
}

describe('recovery after the server side drops', () => {
  it('reconnects by itself, re-subscribes with afterSeq, and ends with exactly the server history', async () => {
    const channelId = await freshChannel();
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const chat = nodeClient(server.url, { token: community.alice.token, socketUrl: proxy.url });
    const channel = chat.channel(channelId);
    const seen = record(channel.$messages);
    await until(channel.$status, (status) => status.state === 'ready');
    await until(chat.$connection, (state) => state === 'open');
    const bob = await writer();

    const states: string[] = [];
    const offStates = chat.$connection.listen((state) => states.push(state));
    await sendFrom(bob, channelId, ['a1', 'a2', 'a3']);
    await until(channel.$messages, (rows) => storedRows(rows).length === 3);
    proxy.cut();
    await sendFrom(bob, channelId, ['b1', 'b2', 'b3', 'b4']);
    await until(chat.$connection, (state) => state === 'open');
    await sendFrom(bob, channelId, ['c1']);

    const history = await serverHistory(channelId);
    expect(history).toHaveLength(8);
    const rows = await until(channel.$messages, (all) => storedRows(all).length === history.length);
    expect(storedRows(rows)).toEqual(history);
    expect(states).toContain('reconnecting');
    for (const snapshot of seen.snapshots) expectContiguous(snapshot);
    seen.unbind();
    offStates();
  });

  it('recovers across a restart of the server process on the same database', async () => {
    const channelId = await freshChannel();
    const chat = nodeClient(server.url, { token: community.alice.token });
    const channel = chat.channel(channelId);
    const seen = record(channel.$messages);
    await until(channel.$status, (status) => status.state === 'ready');
    await until(chat.$connection, (state) => state === 'open');
    const bob = await writer();
    await sendFrom(bob, channelId, ['before-1', 'before-2']);
    await until(channel.$messages, (rows) => storedRows(rows).length === 2);

    const port = server.port;
    await server.close();
    await until(chat.$connection, (state) => state === 'reconnecting');
    server = await startTestServer({ ...GENEROUS_LIMITS, PORT: String(port) }, dataDir);
    const bobAgain = await writer();
    await sendFrom(bobAgain, channelId, ['after-1', 'after-2', 'after-3']);
    await until(chat.$connection, (state) => state === 'open', 20_000);

    const history = await serverHistory(channelId);
    const rows = await until(channel.$messages, (all) => storedRows(all).length === history.length, 20_000);
    expect(storedRows(rows)).toEqual(history);
    expect(history.map((message) => message.content)).toEqual(['before-1', 'before-2', 'after-1', 'after-2', 'after-3']);
    for (const snapshot of seen.snapshots) expectContiguous(snapshot);
    seen.unbind();
  });
});

describe('sends while disconnected', () => {
  it('delivers each queued send exactly once after the reconnect, in the order sent', async () => {
    const channelId = await freshChannel();
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const chat = nodeClient(server.url, { token: community.alice.token, socketUrl: proxy.url });
    const channel = chat.channel(channelId);
    const seen = record(channel.$messages);
    await until(chat.$connection, (state) => state === 'open');
    await until(channel.$status, (status) => status.state === 'ready');

    // While the proxy refuses to pass anything on, the connection cannot come back.
    proxy.filter = () => false;
    proxy.cut();
    await until(chat.$connection, (state) => state === 'reconnecting');
    const texts = ['offline 1', 'offline 2', 'offline 3', 'offline 4'];
    const sends = texts.map((text) => channel.send(text));
    expect(
      channel.$messages
        .get()
        .filter(isPending)
        .map((row) => row.content),
    ).toEqual(texts);
    proxy.filter = () => true;
    proxy.cut();

    const acked = await Promise.all(sends);
    expect(acked.map((message) => message.content)).toEqual(texts);
    const history = await serverHistory(channelId);
    expect(history.map((message) => message.content)).toEqual(texts);
    const rows = await until(channel.$messages, (all) => storedRows(all).length === 4 && !all.some(isPending));
    expect(rows.map((row) => row.content)).toEqual(texts);
    for (const snapshot of seen.snapshots) {
      for (const text of texts) expect(snapshot.filter((row) => row.content === text).length).toBeLessThanOrEqual(1);
    }
    seen.unbind();
  });
});

describe('gap detection', () => {
  it('fills a withheld message before exposing the ones after it', async () => {
    const channelId = await freshChannel();
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const chat = nodeClient(server.url, { token: community.alice.token, socketUrl: proxy.url });
    const channel = chat.channel(channelId);
    const seen = record(channel.$messages);
    await until(channel.$status, (status) => status.state === 'ready');
    await until(chat.$connection, (state) => state === 'open');
    const bob = await writer();
    await sendFrom(bob, channelId, ['m1', 'm2']);
    await until(channel.$messages, (rows) => storedRows(rows).length === 2);

    let withheld = 0;
    proxy.filter = (frame) => {
      const content = (frame.message as { content?: string } | undefined)?.content;
      if (frame.type === 'message' && content === 'm3') {
        withheld++;
        return false;
      }
      return true;
    };
    await sendFrom(bob, channelId, ['m3', 'm4', 'm5']);
    const rows = await until(channel.$messages, (all) => storedRows(all).length === 5);
    expect(withheld).toBe(1);
    expect(rows.map((row) => row.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    for (const snapshot of seen.snapshots) expectContiguous(snapshot);
    seen.unbind();
  });
});
