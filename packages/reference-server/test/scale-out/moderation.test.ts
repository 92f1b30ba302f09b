import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Server } from '../../src/domain/types.js';
import { api } from '../support/api.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import type { ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/socket-client.js';
import { type StaffedServer, staffedServer } from '../support/staff.js';

let cluster: Cluster;
let a: ServerProcess;
let b: ServerProcess;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.processes as [ServerProcess, ServerProcess];
}, 60_000);
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
});
afterAll(() => cluster?.stop());

async function connect(server: ServerProcess, token: string): Promise<TestSocket> {
  const socket = await TestSocket.connect(server.socketUrl, token);
  sockets.push(socket);
  return socket;
}

const removals = [
  ['leaves', 'left', (on: StaffedServer) => api(a.url).delete(`/api/servers/${on.server.id}/members/me`, { token: on.member.token })],
  ['is kicked', 'kicked', (on: StaffedServer) => api(a.url).delete(`/api/servers/${on.server.id}/members/${on.member.id}`, { token: on.moderator.token })],
  ['is banned', 'banned', (on: StaffedServer) => api(a.url).put(`/api/servers/${on.server.id}/bans/${on.member.id}`, { token: on.admin.token })],
] as const;

describe('access follows membership live, across processes (PostgreSQL + Redis)', () => {
  it.each(removals)(
    'a member who %s through process A loses the server on their sockets of process B, with the reason, and hears nothing more of it',
    async (_how, reason, remove) => {
      const on = await staffedServer(a.url, `scale${reason}`);
      const second = await api(a.url).post<Channel>(`/api/servers/${on.server.id}/channels`, { token: on.owner.token, json: { name: 'second' } });
      const channels = [on.general, second.body.id];
      const [removedOnB, removedOnA, watcherOnB, poster] = await Promise.all([
        connect(b, on.member.token),
        connect(a, on.member.token),
        connect(b, on.admin.token),
        connect(a, on.owner.token),
      ]);
      await Promise.all([...channels.map((id) => removedOnB.subscribe(id)), removedOnA.subscribe(on.general), watcherOnB.subscribe(on.general)]);

      expect((await remove(on)).status).toBeLessThan(300);
      for (const channelId of channels) {
        expect(await removedOnB.next('unsubscribed', (frame) => frame.channelId === channelId)).toEqual({ type: 'unsubscribed', channelId, reason });
      }
      expect(await removedOnA.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId: on.general, reason });
      const change = { type: 'member_update', serverId: on.server.id, user: { id: on.member.id }, role: null, change: reason };
      for (const socket of [removedOnB, removedOnA, watcherOnB]) expect(await socket.next('member_update')).toMatchObject(change);

      poster.send({ type: 'send', channelId: on.general, clientId: `after-${reason}`, content: 'members only' });
      await poster.next('ack');
      await watcherOnB.next('message', (frame) => frame.message.clientId === `after-${reason}`);
      await expect(removedOnB.next('message', () => true, 500)).rejects.toThrow(/no message frame/);
      expect(removedOnA.all('message')).toEqual([]);
      expect(removedOnB.all('activity').filter((frame) => frame.serverId === on.server.id)).toEqual([]);
      expect(watcherOnB.all('unsubscribed')).toEqual([]);
    },
  );

  it('server_update made on process A reaches a member on process B; turning private there drops a reader on B', async () => {
    const on = await staffedServer(a.url, 'scaleupdate');
    const [member, reader] = await Promise.all([connect(b, on.member.token), connect(b, on.stranger.token)]);
    await reader.subscribe(on.general);
    await api(a.url).post(`/api/servers/${on.server.id}/channels`, { token: on.admin.token, json: { name: 'fresh' } });
    expect((await member.next('server_update')).server.channels.map((channel) => channel.name)).toEqual(['general', 'fresh']);
    const turned = await api(a.url).patch<Server>(`/api/servers/${on.server.id}`, { token: on.admin.token, json: { visibility: 'private' } });
    expect(turned.status).toBe(200);
    expect(await reader.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId: on.general, reason: 'private' });
  });
});
