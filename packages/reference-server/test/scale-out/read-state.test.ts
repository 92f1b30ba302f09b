import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { type Community, createCommunity } from '../support/community.js';
import { freshServer, postMessage } from '../support/read-state-fixtures.js';
import type { ServerProcess } from '../support/server-process.js';
import { TestSocket } from '../support/socket-client.js';

let cluster: Cluster;
let a: ServerProcess;
let b: ServerProcess;
let community: Community;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  // A short heartbeat, so that the presence of a killed process expires within the test.
  cluster = await startCluster(2, { HEARTH_HEARTBEAT_MS: '3000' });
  [a, b] = cluster.processes as [ServerProcess, ServerProcess];
  community = await createCommunity(a, 'r');
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

describe('read state and member presence across two processes', () => {
  it('clears the count on the user’s socket of the other process when one marks read, within one round trip', async () => {
    const { alice, bob } = community;
    const { serverId, channelIds } = await freshServer(a.url, alice, [bob]);
    const channelId = channelIds[0] as string;
    const [onA, onB] = await Promise.all([connect(a, bob.token), connect(b, bob.token)]);
    // Posted through A; the socket on B, subscribed to nothing, hears each through its server.
    for (const content of ['one', `two <@${bob.id}>`, 'three']) await postMessage(a.url, alice, channelId, content);
    await Promise.all([onA.waitForCount('activity', 3), onB.waitForCount('activity', 3)]);
    expect(onB.all('activity').map((frame) => [frame.seq, frame.mentionIds])).toEqual([
      [1, []],
      [2, [bob.id]],
      [3, []],
    ]);

    onA.send({ type: 'read', channelId, seq: 3 });
    const expected = { channelId, serverId, lastReadSeq: 3, lastSeq: 3, unread: 0, mentions: 0 };
    const [mine, theirs] = await Promise.all([onA.next('read'), onB.next('read')]);
    expect([mine.state, theirs.state]).toEqual([expected, expected]);
    // A REST mark through B reaches the socket on A too.
    await postMessage(b.url, alice, channelId, 'four');
    const marked = await api(b.url).put(`/api/channels/${channelId}/read`, { token: bob.token, json: { seq: 4 } });
    expect(marked.body).toMatchObject({ lastReadSeq: 4, unread: 0 });
    expect((await onA.next('read')).state).toMatchObject({ lastReadSeq: 4, lastSeq: 4 });
  });

  it('tells members on the other process who came online, lists them online there, and drops a killed process’s users once its word expires', async () => {
    const { alice, bob, carol } = community;
    const { serverId, channelIds } = await freshServer(a.url, alice, [bob, carol]);
    const watcher = await connect(b, bob.token);
    const doomed = await cluster.add();
    const present = await connect(doomed, carol.token);
    await present.subscribe(channelIds[0] as string);
    expect(await watcher.next('member_presence')).toMatchObject({ serverId, user: { id: carol.id }, online: true });
    const names = async (server: ServerProcess) =>
      (
        await api(server.url).get<{ members: Array<{ user: { name: string }; online: boolean }> }>(`/api/servers/${serverId}/members`, {
          token: bob.token,
        })
      ).body.members.map((member) => [member.user.name, member.online]);
    // B follows the server for Bob's socket; A follows it from the first request on.
    const expected = [
      ['Carol', true],
      ['Alice', false],
      ['Bob', false],
    ];
    expect(await names(b)).toEqual(expected);
    await expect.poll(() => names(a)).toEqual(expected);

    doomed.child.kill('SIGKILL');
    await doomed.exited;
    // The dead process said nothing; its word expires after one heartbeat (3 s here).
    expect(await watcher.next('member_presence', () => true, 10_000)).toMatchObject({ serverId, user: { id: carol.id }, online: false });
    expect(await names(b)).toEqual([
      ['Alice', false],
      ['Bob', false],
      ['Carol', false],
    ]);
  });
});
