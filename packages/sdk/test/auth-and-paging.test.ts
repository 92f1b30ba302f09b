import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInAsGuest } from '../src/guest.js';
import { ChatApiError, ChatSocketError, isPending } from '../src/index.js';
import {
  type Community,
  type TestServer,
  TEST_CATEGORY,
  closeClients,
  createCommunity,
  nodeClient,
  startTestServer,
  tokenFor,
  until,
} from './support.js';
import { createServer } from '@hearth/sdk/community';

let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_FRAMES_PER_SECOND: '1000', HEARTH_FRAME_BURST: '1000' });
  community = await createCommunity(server);
});
afterEach(closeClients);
afterAll(() => server.stop());

const seconds = (from: number) => Math.floor(Date.now() / 1000) + from;

describe('tokens', () => {
  it('gets a fresh token when the server closes with 4401 on expiry, and loses no pending send', async () => {
    const issued: string[] = [];
    const chat = nodeClient(server.url, {
      // The first token lives two seconds; the ones after it an hour.
      getToken: async () => {
        const token = await tokenFor(community.alice, { expiresIn: issued.length === 0 ? seconds(2) : '1h' });
        issued.push(token);
        return token;
      },
    });
    const general = chat.channel(community.general);
    const off = general.$messages.listen(() => {});
    await until(chat.$connection, (state) => state === 'open');
    await until(general.$status, (status) => status.state === 'ready');
    const states: string[] = [];
    const offStates = chat.$connection.listen((state) => states.push(state));
    await until(chat.$connection, (state) => state !== 'open', 5000);
    // Sent while the expired connection is being replaced.
    const sending = [general.send('across expiry 1'), general.send('across expiry 2')];
    await until(chat.$connection, (state) => state === 'open');
    const acked = await Promise.all(sending);
    expect(acked.map((message) => message.content)).toEqual(['across expiry 1', 'across expiry 2']);
    expect(issued.length).toBeGreaterThanOrEqual(2);
    expect(states).toContain('reconnecting');
    expect(general.$messages.get().some(isPending)).toBe(false);
    off();
    offStates();
  });

  it('ends in a reported closed state on a forged token, without a reconnect loop', async () => {
    let calls = 0;
    const chat = nodeClient(server.url, {
      getToken: async () => {
        calls++;
        return tokenFor(community.alice, { secret: 'a-forged-secret-that-is-long-enough-to-sign' });
      },
    });
    const errors: Error[] = [];
    chat.on('error', (error) => errors.push(error));
    const off = chat.channel(community.general).$messages.listen(() => {});
    await until(chat.$connection, (state) => state === 'closed');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(chat.$connection.get()).toBe('closed');
    expect(calls).toBeLessThanOrEqual(2);
    expect(errors.some((error) => error instanceof ChatSocketError && error.code === 'unauthorized')).toBe(true);
    off();
  });

  it('signs in as a guest and chats with that token', async () => {
    const guest = await signInAsGuest({ url: server.url, name: 'Visitor' });
    expect(guest.user.name).toBe('Visitor');
    const chat = nodeClient(server.url, { token: guest.token });
    expect(await chat.me()).toEqual(guest.user);
    await expect(chat.messages.post(community.general, { content: 'hi' })).rejects.toMatchObject({ status: 403, code: 'not_member' });
    await chat.servers.join(community.publicServer.id);
    const posted = await chat.messages.post(community.general, { content: 'hi', clientId: 'guest-1' });
    expect(posted.author).toEqual(guest.user);
  });

  it('tells listeners when the user joins or leaves a server, not when an owner adds someone', async () => {
    const guest = await signInAsGuest({ url: server.url, name: 'Joiner' });
    const chat = nodeClient(server.url, { token: guest.token });
    const changes: unknown[] = [];
    const off = chat.on('membership', (change) => changes.push(change));
    await chat.servers.join(community.publicServer.id);
    await chat.servers.leave(community.publicServer.id);
    await expect(chat.servers.join('s_missing')).rejects.toMatchObject({ status: 404 });
    expect(changes).toEqual([
      { serverId: community.publicServer.id, member: true },
      { serverId: community.publicServer.id, member: false },
    ]);
    off();
    const owner = nodeClient(server.url, { token: community.alice.token });
    const ownerChanges: unknown[] = [];
    owner.on('membership', (change) => ownerChanges.push(change));
    await owner.servers.join(community.privateServer.id, guest.user.id);
    expect(ownerChanges).toEqual([]);
    expect(await chat.servers.get(community.privateServer.id)).toMatchObject({ id: community.privateServer.id });
  });

  it('throws ChatApiError with the problem details for an unknown server', async () => {
    const chat = nodeClient(server.url, { token: community.bob.token });
    const error = await chat.servers.get('s_missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 404, code: 'unknown_server', problem: { title: 'Unknown server' } });
  });
});

describe('paging history', () => {
  it('pages a 1,000-message channel back to the first message while the window stays bounded', async () => {
    const owner = nodeClient(server.url, { token: community.alice.token });
    const created = await createServer(owner, { name: 'Archive', categoryId: TEST_CATEGORY });
    const channelId = created.channels[0]?.id as string;
    const author = { id: community.alice.id, name: 'Alice', avatarUrl: null };
    await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        server.storage.messages.append({ channelId, author, clientId: `archive-${index}`, content: `#${index + 1}` }),
      ),
    );

    const reader = nodeClient(server.url, { token: community.alice.token, windowSize: 200 });
    const channel = reader.channel(channelId);
    let largest = 0;
    const off = channel.$messages.subscribe((rows) => (largest = Math.max(largest, rows.length)));
    await until(channel.$status, (status) => status.state === 'ready');
    expect(channel.$messages.get().at(-1)?.content).toBe('#1000');

    let pages = 0;
    while (channel.$status.get().hasOlder) {
      await channel.loadOlder();
      pages++;
      expect(pages).toBeLessThan(30);
    }
    const rows = channel.$messages.get();
    expect(rows[0]?.content).toBe('#1');
    expect(rows).toHaveLength(200);
    expect(largest).toBeLessThanOrEqual(200);
    expect(rows.map((row) => row.content)).toEqual(Array.from({ length: 200 }, (_, index) => `#${index + 1}`));
    expect(channel.$status.get().hasNewer).toBe(true);

    await channel.jumpToLatest();
    expect(channel.$messages.get().at(-1)?.content).toBe('#1000');
    expect(channel.$status.get().hasNewer).toBe(false);
    off();
  });
});
