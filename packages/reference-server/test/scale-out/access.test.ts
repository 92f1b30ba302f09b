import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../src/domain/types.js';
import { api } from '../support/api.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { type Community, createCommunity } from '../support/community.js';
import type { ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/socket-client.js';
import { TEST_CATEGORY } from '../support/test-server.js';

let cluster: Cluster;
let a: ServerProcess;
let b: ServerProcess;
let community: Community;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.processes as [ServerProcess, ServerProcess];
  community = await createCommunity(a);
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

describe('access follows membership live, across processes', () => {
  it('unsubscribes the sockets a user has on another process when they leave a private server there', async () => {
    const { alice, bob } = community;
    const owner = api(a.url, { token: alice.token });
    const created = await owner.post<Server>('/api/servers', {
      json: { name: 'Inner circle', categoryId: TEST_CATEGORY, visibility: 'private' },
    });
    expect((await owner.post(`/api/servers/${created.body.id}/members`, { json: { userId: bob.id } })).status).toBe(201);
    const channelId = created.body.channels[0]?.id as string;

    // Bob and a watcher of Alice's on process B; Bob leaves and Alice posts through process A.
    const [leaverOnA, leaverOnB, watcherOnB, poster] = await Promise.all([
      connect(a, bob.token),
      connect(b, bob.token),
      connect(b, alice.token),
      connect(a, alice.token),
    ]);
    await Promise.all([leaverOnA.subscribe(channelId), leaverOnB.subscribe(channelId), watcherOnB.subscribe(channelId)]);

    const left = await api(a.url, { token: bob.token }).delete(`/api/servers/${created.body.id}/members/me`);
    expect(left.status).toBe(204);
    for (const socket of [leaverOnA, leaverOnB]) {
      expect(await socket.next('unsubscribed')).toEqual({ type: 'unsubscribed', channelId, reason: 'left' });
    }

    poster.send({ type: 'send', channelId, clientId: 'after-leave', content: 'members only' });
    await poster.next('ack');
    await watcherOnB.next('message', (frame) => frame.message.clientId === 'after-leave');
    await expect(leaverOnB.next('message', () => true, 500)).rejects.toThrow(/no message frame/);
    await expect(leaverOnA.next('message', () => true, 100)).rejects.toThrow(/no message frame/);
    expect(watcherOnB.all('unsubscribed')).toEqual([]);
  });
});
