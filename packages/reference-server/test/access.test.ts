import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { socketPool } from './support/socket-client.js';
import { TEST_CATEGORY, type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000' });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

/** A new private server of Alice's with Bob added as a member; its first channel. */
async function privateServerWithBob(): Promise<{ serverId: string; channelId: string }> {
  const { alice, bob } = community;
  const client = api(server.url, { token: alice.token });
  const created = await client.post<Server>('/api/servers', {
    json: { name: 'Inner circle', categoryId: TEST_CATEGORY, visibility: 'private' },
  });
  const added = await client.post(`/api/servers/${created.body.id}/members`, { json: { userId: bob.id } });
  expect(added.status).toBe(201);
  return { serverId: created.body.id, channelId: created.body.channels[0]?.id as string };
}

describe('access follows membership live', () => {
  it('unsubscribes every socket of a user who leaves a private server, with a reason, and delivers them nothing more', async () => {
    const { alice, bob } = community;
    const { serverId, channelId } = await privateServerWithBob();
    const [poster, watcher, leaver, leaversOtherSocket] = await Promise.all([
      pool.connect(alice.token),
      pool.connect(alice.token),
      pool.connect(bob.token),
      pool.connect(bob.token),
    ]);
    await Promise.all([watcher.subscribe(channelId), leaver.subscribe(channelId), leaversOtherSocket.subscribe(channelId)]);

    const left = await api(server.url, { token: bob.token }).delete(`/api/servers/${serverId}/members/me`);
    expect(left.status).toBe(204);
    for (const socket of [leaver, leaversOtherSocket]) {
      expect(await socket.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId, reason: 'left' });
    }

    poster.send({ type: 'send', channelId, clientId: 'after-leave', content: 'members only' });
    await poster.next('ack');
    await watcher.next('message', (frame) => frame.message.clientId === 'after-leave');
    await expect(leaver.next('message', () => true, 300)).rejects.toThrow(/no message frame/);
    await expect(leaversOtherSocket.next('message', () => true, 300)).rejects.toThrow(/no message frame/);
    expect(watcher.all('unsubscribed')).toEqual([]);

    // Subscribing again is refused like any stranger's subscribe to a private channel.
    leaver.send({ type: 'subscribe', channelId });
    expect(await leaver.next('error')).toMatchObject({ code: 'unknown_channel', ref: channelId });
  });

  it('leaves the subscriptions to other servers alone', async () => {
    const { bob, general } = community;
    const { serverId } = await privateServerWithBob();
    const socket = await pool.connect(bob.token);
    await socket.subscribe(general);
    const left = await api(server.url, { token: bob.token }).delete(`/api/servers/${serverId}/members/me`);
    expect(left.status).toBe(204);
    socket.send({ type: 'send', channelId: general, clientId: 'still-here', content: 'still here' });
    await socket.next('message', (frame) => frame.message.clientId === 'still-here');
    expect(socket.all('unsubscribed')).toEqual([]);
  });

  it('ends the subscriptions of a member who leaves a public server too: nothing of it reaches them afterwards', async () => {
    const { alice, carol } = community;
    const owner = api(server.url, { token: alice.token });
    const created = await owner.post<Server>('/api/servers', { json: { name: 'Town square', categoryId: TEST_CATEGORY } });
    const channelId = created.body.channels[0]?.id as string;
    const joined = await api(server.url, { token: carol.token }).post(`/api/servers/${created.body.id}/members`);
    expect(joined.status).toBe(201);
    const [poster, reader] = await Promise.all([pool.connect(alice.token), pool.connect(carol.token)]);
    await reader.subscribe(channelId);

    const left = await api(server.url, { token: carol.token }).delete(`/api/servers/${created.body.id}/members/me`);
    expect(left.status).toBe(204);
    expect(await reader.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId, reason: 'left' });
    expect(await reader.next('member_update')).toMatchObject({ serverId: created.body.id, user: { id: carol.id }, role: null, change: 'left' });
    poster.send({ type: 'send', channelId, clientId: 'after-public-leave', content: 'open to all' });
    await poster.next('ack');
    await expect(reader.next('message', () => true, 300)).rejects.toThrow(/no message frame/);

    // A public server's channels stay readable: subscribing again follows it, read-only.
    await reader.subscribe(channelId);
    poster.send({ type: 'send', channelId, clientId: 'after-resubscribe', content: 'welcome back, reader' });
    await reader.next('message', (frame) => frame.message.clientId === 'after-resubscribe');
  });
});
