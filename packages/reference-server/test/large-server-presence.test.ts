import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from './support/community.js';
import { freshServer } from './support/read-state-fixtures.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

/** A server is large here once more than three of its members are online. */
const LARGE_SERVER_ONLINE = 3;

let server: TestServer;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_LARGE_SERVER_ONLINE: String(LARGE_SERVER_ONLINE), HEARTH_HTTP_WRITES_PER_MINUTE: '100000' });
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

async function member(id: string): Promise<Member> {
  const user = { id, name: id };
  return { ...user, token: await tokenFor(user) };
}

/** What `socket` heard of `userId` in the server: `online` and `offline`, in order. */
const heardOf = (socket: TestSocket, serverId: string, userId: string) =>
  socket
    .all('member_presence')
    .filter((frame) => frame.serverId === serverId && frame.user.id === userId)
    .map((frame) => (frame.online ? 'online' : 'offline'));

/** Waits until the server has handled every frame `socket` sent before. */
async function settled(socket: TestSocket): Promise<void> {
  socket.send({ type: 'ping' });
  await socket.next('pong');
}

describe('member presence in a large server', () => {
  it('tells every member’s socket while few are online, and past the threshold only the sockets watching the members', async () => {
    const prefix = `large_${Math.random().toString(36).slice(2, 8)}`;
    const [owner, watching, plain, third, fourth] = await Promise.all(
      ['owner', 'watching', 'plain', 'third', 'fourth'].map((name) => member(`${prefix}_${name}`)),
    );
    if (!owner || !watching || !plain || !third || !fourth) throw new Error('five members expected');
    const { serverId, channelIds } = await freshServer(server.url, owner, [watching, plain, third, fourth]);
    const channelId = channelIds[0] as string;
    const online = async (who: Member) => {
      const socket = await pool.connect(who.token);
      await socket.subscribe(channelId);
      return socket;
    };

    const watcher = await pool.connect(watching.token);
    watcher.send({ type: 'watch_members', serverId });
    await watcher.subscribe(channelId);
    const other = await online(plain);
    // Three online: everyone hears the third come.
    await online(third);
    await Promise.all([watcher, other].map((socket) => socket.next('member_presence', (frame) => frame.user.id === third.id)));

    // A fourth makes the server large: only the watcher hears of it.
    const fourthSocket = await online(fourth);
    await watcher.next('member_presence', (frame) => frame.user.id === fourth.id && frame.online);
    // Back to three when the fourth goes: everyone hears that, and the other socket never heard it come.
    await fourthSocket.close();
    await Promise.all(
      [watcher, other].map((socket) => socket.next('member_presence', (frame) => frame.user.id === fourth.id && !frame.online)),
    );
    expect(heardOf(watcher, serverId, fourth.id)).toEqual(['online', 'offline']);
    expect(heardOf(other, serverId, fourth.id)).toEqual(['offline']);

    // Once it stops watching, the watcher is told no more than the others in a large server. A
    // third socket watching the members (not online itself) shows when each change has gone out.
    const probe = await pool.connect(owner.token);
    probe.send({ type: 'watch_members', serverId });
    watcher.send({ type: 'unwatch_members', serverId });
    await Promise.all([settled(watcher), settled(probe)]);
    const again = await online(fourth);
    await probe.next('member_presence', (frame) => frame.user.id === fourth.id && frame.online);
    await again.close();
    await Promise.all(
      [probe, watcher, other].map((socket) => socket.next('member_presence', (frame) => frame.user.id === fourth.id && !frame.online)),
    );
    expect(heardOf(probe, serverId, fourth.id)).toEqual(['online', 'offline']);
    expect(heardOf(watcher, serverId, fourth.id)).toEqual(['online', 'offline', 'offline']);
    expect(heardOf(other, serverId, fourth.id)).toEqual(['offline', 'offline']);
  });

  it('ignores a watch of a server the user does not belong to, and keeps it for a server they join later', async () => {
    const prefix = `join_${Math.random().toString(36).slice(2, 8)}`;
    const [owner, a, b, c, latecomer] = await Promise.all(['owner', 'a', 'b', 'c', 'late'].map((name) => member(`${prefix}_${name}`)));
    if (!owner || !a || !b || !c || !latecomer) throw new Error('five members expected');
    const { serverId, channelIds } = await freshServer(server.url, owner, [a, b, c]);
    const channelId = channelIds[0] as string;
    const late = await pool.connect(latecomer.token);
    late.send({ type: 'watch_members', serverId });
    await settled(late);
    expect(late.all('error')).toEqual([]);
    for (const who of [owner, a, b]) await (await pool.connect(who.token)).subscribe(channelId);
    await settled(late);
    expect(late.all('member_presence')).toEqual([]);

    // It joins over REST: the watch it asked for holds, and the server is large with four online.
    const joined = await fetch(`${server.url}/api/servers/${serverId}/members`, {
      method: 'POST',
      headers: { authorization: `Bearer ${latecomer.token}` },
    });
    expect(joined.status).toBe(201);
    await late.next('member_update', (frame) => frame.user.id === latecomer.id);
    await (await pool.connect(c.token)).subscribe(channelId);
    await late.next('member_presence', (frame) => frame.user.id === c.id && frame.online);
  });
});
