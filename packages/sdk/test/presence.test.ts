// Presence through the SDK against a real server: who has a channel open, as a count and names,
// and a members store that stays live in a server too large to tell every socket who comes and goes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { membersOf } from '@hearth/sdk/members';
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
const watchers: Array<() => void> = [];

beforeAll(async () => {
  // Large as soon as two members are online, so a small test shows what a large server does.
  server = await startTestServer({ ...GENEROUS_LIMITS, HEARTH_LARGE_SERVER_ONLINE: '1' }, makeDataDir());
  community = await createCommunity(server);
});
afterEach(() => {
  for (const stop of watchers.splice(0)) stop();
  closeClients();
});
afterAll(() => server.stop());

const api = <T>(token: string, method: string, path: string, body?: unknown) => restCall<T>(server.url, token, method, path, body);

/** A fresh server of Alice's that Bob and Carol join. */
async function freshServer(): Promise<{ serverId: string; channelId: string }> {
  const created = await api<{ id: string; channels: Array<{ id: string }> }>(community.alice.token, 'POST', '/api/servers', {
    name: 'Busy hall',
    categoryId: TEST_CATEGORY,
  });
  for (const member of [community.bob, community.carol]) await api(member.token, 'POST', `/api/servers/${created.id}/members`);
  return { serverId: created.id, channelId: created.channels[0]?.id as string };
}

describe('presence through the SDK', () => {
  it('counts who has the channel open beside the names', async () => {
    const { channelId } = await freshServer();
    const alice = nodeClient(server.url, { token: community.alice.token });
    const bob = nodeClient(server.url, { token: community.bob.token });
    const inAlice = alice.channel(channelId);
    watchers.push(inAlice.$messages.listen(() => {}));
    await until(inAlice.$presentCount, (count) => count === 1);
    watchers.push(bob.channel(channelId).$messages.listen(() => {}));
    await until(inAlice.$presentCount, (count) => count === 2);
    expect(inAlice.$present.get().map((user) => user.name)).toEqual(['Alice', 'Bob']);
  });

  it('keeps a watched members store live in a large server, asking for every member who comes and goes', async () => {
    const { serverId, channelId } = await freshServer();
    const alice = nodeClient(server.url, { token: community.alice.token });
    alice.connect();
    const $members = membersOf(alice, serverId);
    watchers.push($members.listen(() => {}));
    await until($members, (state) => state.state === 'ready');
    const online = (name: string) => $members.get().value?.find((member) => member.user.name === name)?.online;
    expect(online('Carol')).toBe(false);

    // Bob online, then Carol: two online makes the server large, and Alice's store still hears.
    const bob = nodeClient(server.url, { token: community.bob.token });
    watchers.push(bob.channel(channelId).$messages.listen(() => {}));
    await until($members, () => online('Bob') === true);
    const carol = nodeClient(server.url, { token: community.carol.token });
    watchers.push(carol.channel(channelId).$messages.listen(() => {}));
    await until($members, () => online('Carol') === true);
  });
});
