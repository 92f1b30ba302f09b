import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Server } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type StaffedServer, join, newUser, staffedServer } from './support/staff.js';
import { TEST_CATEGORY, type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let client: ReturnType<typeof api>;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000', HEARTH_USER_MESSAGES_PER_WINDOW: '100000' });
  client = api(server.url);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

/** Posts through the owner's socket and waits for the ack. */
async function post(socket: TestSocket, channelId: string, clientId: string): Promise<void> {
  socket.send({ type: 'send', channelId, clientId, content: clientId });
  await socket.next('ack', (frame) => frame.clientId === clientId);
}

/** Resolves once `socket` has handled every frame sent before now (a ping answered). */
async function settled(socket: TestSocket): Promise<void> {
  socket.send({ type: 'ping' });
  await socket.next('pong');
}

const removals = [
  ['leaves', 'left', (on: StaffedServer) => client.delete(`/api/servers/${on.server.id}/members/me`, { token: on.member.token })],
  [
    'is kicked',
    'kicked',
    (on: StaffedServer) => client.delete(`/api/servers/${on.server.id}/members/${on.member.id}`, { token: on.moderator.token }),
  ],
  [
    'is banned',
    'banned',
    (on: StaffedServer) => client.put(`/api/servers/${on.server.id}/bans/${on.member.id}`, { token: on.admin.token }),
  ],
] as const;

describe('access follows membership live on one process', () => {
  it.each(removals)(
    'a member who %s loses every channel of the server on every open socket, with the reason, and hears nothing more of it',
    async (_how, reason, remove) => {
      const on = await staffedServer(server.url, `live${reason}`);
      const second = await client.post<Channel>(`/api/servers/${on.server.id}/channels`, {
        token: on.owner.token,
        json: { name: 'second' },
      });
      const channels = [on.general, second.body.id];
      const [poster, watcher, removed, removedOtherTab] = await Promise.all([
        pool.connect(on.owner.token),
        pool.connect(on.admin.token),
        pool.connect(on.member.token),
        pool.connect(on.member.token),
      ]);
      await Promise.all([
        ...channels.map((id) => removed.subscribe(id)),
        removedOtherTab.subscribe(on.general),
        watcher.subscribe(on.general),
      ]);

      const res = await remove(on);
      expect(res.status).toBeLessThan(300);
      for (const channelId of channels) {
        expect(await removed.next('unsubscribed', (frame) => frame.channelId === channelId)).toEqual({
          type: 'unsubscribed',
          channelId,
          reason,
        });
      }
      expect(await removedOtherTab.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId: on.general, reason });
      const change = {
        type: 'member_update',
        serverId: on.server.id,
        user: { id: on.member.id },
        role: null,
        mutedUntil: null,
        change: reason,
      };
      for (const socket of [removed, removedOtherTab, watcher]) expect(await socket.next('member_update')).toMatchObject(change);

      await post(poster, on.general, `after-${reason}`);
      await watcher.next('message', (frame) => frame.message.clientId === `after-${reason}`);
      await Promise.all([settled(removed), settled(removedOtherTab)]);
      for (const socket of [removed, removedOtherTab]) {
        expect(socket.all('message')).toEqual([]);
        expect(socket.all('activity').filter((frame) => frame.serverId === on.server.id)).toEqual([]);
        expect(socket.all('member_update')).toHaveLength(1);
      }
      expect(watcher.all('unsubscribed')).toEqual([]);
    },
  );

  it('a server turned private ends the subscriptions of non-members only, with reason private', async () => {
    const on = await staffedServer(server.url, 'private');
    const [reader, member] = await Promise.all([pool.connect(on.stranger.token), pool.connect(on.member.token)]);
    await Promise.all([reader.subscribe(on.general), member.subscribe(on.general)]);
    const res = await client.patch<Server>(`/api/servers/${on.server.id}`, { token: on.admin.token, json: { visibility: 'private' } });
    expect(res.body.visibility).toBe('private');
    expect(await reader.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId: on.general, reason: 'private' });
    expect(await member.next('server_update')).toMatchObject({ server: { id: on.server.id, visibility: 'private' } });
    const poster = await pool.connect(on.owner.token);
    await post(poster, on.general, 'members-only-now');
    await member.next('message', (frame) => frame.message.clientId === 'members-only-now');
    await settled(reader);
    expect(reader.all('message')).toEqual([]);
    expect(member.all('unsubscribed')).toEqual([]);
    reader.send({ type: 'subscribe', channelId: on.general });
    expect(await reader.next('error')).toMatchObject({ code: 'unknown_channel' });
  });

  it('deleting a channel ends every subscription to it (reason deleted); the members hear server_update without it', async () => {
    const on = await staffedServer(server.url, 'deleted');
    const doomed = await client.post<Channel>(`/api/servers/${on.server.id}/channels`, { token: on.admin.token, json: { name: 'doomed' } });
    const [owner, reader] = await Promise.all([pool.connect(on.owner.token), pool.connect(on.stranger.token)]);
    await Promise.all([owner.subscribe(doomed.body.id), reader.subscribe(doomed.body.id)]);
    expect((await client.delete(`/api/channels/${doomed.body.id}`, { token: on.admin.token })).status).toBe(204);
    for (const socket of [owner, reader]) {
      expect(await socket.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId: doomed.body.id, reason: 'deleted' });
    }
    const update = await owner.next('server_update', (frame) => !frame.server.channels.some((channel) => channel.id === doomed.body.id));
    expect(update.server.channels.map((channel) => channel.id)).toEqual([on.general]);
    owner.send({ type: 'subscribe', channelId: doomed.body.id });
    expect(await owner.next('error')).toMatchObject({ code: 'unknown_channel' });
  });
});

describe('server_update and member_update', () => {
  it("reach the socket its owner had open when they created the server, and tell it of the owner's role", async () => {
    const { token } = (await client.post<{ token: string }>('/api/auth/guest', { json: { name: 'Founder' } })).body;
    const founder = await pool.connect(token);
    const [category] = (await client.get<Array<{ id: string }>>('/api/categories', { token })).body;
    const created = await client.post<Server>('/api/servers', { token, json: { name: 'Fresh', categoryId: category!.id } });
    expect(await founder.next('member_update')).toMatchObject({ serverId: created.body.id, role: 'owner', change: 'joined' });
    await client.post<Channel>(`/api/servers/${created.body.id}/channels`, { token, json: { name: 'news' } });
    const update = await founder.next('server_update');
    expect(update.server.channels.map((channel) => channel.name)).toEqual(['general', 'news']);
  });

  it("reach another member's socket when a channel is created, renamed, reordered or deleted", async () => {
    const on = await staffedServer(server.url, 'updates');
    const watcher = await pool.connect(on.member.token);
    const ids = (frame: { server: Pick<Server, 'id'> & { channels: Array<{ name: string; slowModeSeconds?: number | undefined }> } }) =>
      frame.server.channels.map((channel) => `${channel.name}:${channel.slowModeSeconds}`);

    const created = await client.post<Channel>(`/api/servers/${on.server.id}/channels`, { token: on.admin.token, json: { name: 'news' } });
    expect(ids(await watcher.next('server_update'))).toEqual(['general:0', 'news:0']);
    await client.patch(`/api/channels/${created.body.id}`, { token: on.admin.token, json: { name: 'announcements', slowModeSeconds: 30 } });
    expect(ids(await watcher.next('server_update'))).toEqual(['general:0', 'announcements:30']);
    await client.put(`/api/servers/${on.server.id}/channels/order`, {
      token: on.admin.token,
      json: { channelIds: [created.body.id, on.general] },
    });
    expect(ids(await watcher.next('server_update'))).toEqual(['announcements:30', 'general:0']);
    await client.delete(`/api/channels/${created.body.id}`, { token: on.admin.token });
    expect(ids(await watcher.next('server_update'))).toEqual(['general:0']);
    await client.patch(`/api/servers/${on.server.id}`, { token: on.admin.token, json: { name: 'Renamed' } });
    expect((await watcher.next('server_update')).server.name).toBe('Renamed');
  });

  it('tell the members, and the member concerned once per socket, of a role, a time-out and a join', async () => {
    const on = await staffedServer(server.url, 'roles');
    const [watcher, concerned] = await Promise.all([pool.connect(on.admin.token), pool.connect(on.member.token)]);
    await client.patch(`/api/servers/${on.server.id}/members/${on.member.id}`, { token: on.owner.token, json: { role: 'moderator' } });
    for (const socket of [watcher, concerned]) {
      expect(await socket.next('member_update')).toMatchObject({
        serverId: on.server.id,
        user: { id: on.member.id },
        role: 'moderator',
        change: 'role',
      });
    }
    await client.patch(`/api/servers/${on.server.id}/members/${on.member.id}`, { token: on.admin.token, json: { timeoutSeconds: 600 } });
    for (const socket of [watcher, concerned]) {
      const frame = await socket.next('member_update', (each) => each.change === 'timeout');
      expect(Date.parse(frame.mutedUntil ?? '') - Date.now()).toBeGreaterThan(590_000);
    }
    const joiner = await pool.connect(on.stranger.token);
    await client.post(`/api/servers/${on.server.id}/members`, { token: on.stranger.token });
    for (const socket of [watcher, joiner]) {
      expect(await socket.next('member_update')).toMatchObject({ user: { id: on.stranger.id }, role: 'member', change: 'joined' });
    }
    await Promise.all([settled(concerned), settled(joiner)]);
    expect(concerned.all('member_update').filter((frame) => frame.user.id === on.member.id)).toHaveLength(2);
    expect(joiner.all('member_update')).toHaveLength(1);
  });

  it('tell the creator’s open sockets of a server they create, which then follow its activity', async () => {
    const [creator, guest] = await Promise.all([newUser('made', 'Creator'), newUser('made', 'Guest')]);
    const [tab, otherTab] = await Promise.all([pool.connect(creator.token), pool.connect(creator.token)]);
    const created = await client.post<Server>('/api/servers', {
      token: creator.token,
      json: { name: 'Made live', categoryId: TEST_CATEGORY },
    });
    expect(created.status).toBe(201);
    const serverId = created.body.id;
    const channelId = created.body.channels[0]?.id as string;
    for (const socket of [tab, otherTab]) {
      expect(await socket.next('member_update')).toEqual({
        type: 'member_update',
        serverId,
        user: { id: creator.id, name: creator.name, avatarUrl: null },
        role: 'owner',
        mutedUntil: null,
        change: 'joined',
      });
    }

    await join(server.url, serverId, guest);
    const posted = await client.post<{ seq: number }>(`/api/channels/${channelId}/messages`, {
      token: guest.token,
      json: { content: 'hello, owner' },
    });
    expect(posted.status).toBe(201);
    for (const socket of [tab, otherTab]) {
      expect(await socket.next('activity')).toEqual({
        type: 'activity',
        channelId,
        serverId,
        seq: posted.body.seq,
        authorId: guest.id,
        mentionIds: [],
      });
    }
    await Promise.all([settled(tab), settled(otherTab)]);
    for (const socket of [tab, otherTab]) {
      expect(socket.all('member_update').filter((frame) => frame.user.id === creator.id)).toHaveLength(1);
    }
  });

  it('ready carries the user’s memberships with their roles', async () => {
    const on = await staffedServer(server.url, 'ready');
    const socket = await pool.connect(on.moderator.token);
    const ready = socket.all('ready')[0];
    expect(ready?.memberships).toEqual([{ serverId: on.server.id, userId: on.moderator.id, role: 'moderator', mutedUntil: null }]);
  });
});
