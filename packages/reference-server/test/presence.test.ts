import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PRESENCE_USERS } from '@hearth/sdk/protocol';
import { type Community, createCommunity } from './support/community.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

beforeAll(async () => {
  server = await startTestServer();
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

/** Waits for the presence of `channelId` as `socket` hears it to name exactly `names`. */
async function presenceOf(socket: TestSocket, channelId: string, names: string[]): Promise<void> {
  const wanted = JSON.stringify(names);
  await socket.next(
    'presence',
    (frame) => frame.channelId === channelId && JSON.stringify(frame.users.map((user) => user.name)) === wanted,
  );
}

const latestPresence = (socket: TestSocket, channelId: string) =>
  socket
    .all('presence')
    .filter((frame) => frame.channelId === channelId)
    .at(-1)
    ?.users.map((user) => user.name);

describe('presence', () => {
  it('tells each subscriber who has the channel open, after subscribed, and again as people come and go', async () => {
    const { alice, bob, general } = community;
    const first = await connect(alice.token);
    await first.subscribe(general);
    await presenceOf(first, general, ['Alice']);
    // The presence comes after `subscribed`, so a client knows the channel it is about.
    const frames = first.received.map((frame) => frame.type);
    expect(frames.indexOf('presence')).toBeGreaterThan(frames.indexOf('subscribed'));

    const second = await connect(bob.token);
    await second.subscribe(general);
    await Promise.all([presenceOf(first, general, ['Alice', 'Bob']), presenceOf(second, general, ['Alice', 'Bob'])]);
    expect(second.all('presence')[0]?.users).toEqual([
      { id: alice.id, name: 'Alice', avatarUrl: null },
      { id: bob.id, name: 'Bob', avatarUrl: null },
    ]);

    second.send({ type: 'unsubscribe', channelId: general });
    await presenceOf(first, general, ['Alice']);
  });

  it('lists a user once however many sockets they have open, until the last one goes', async () => {
    const { alice, bob, general } = community;
    const watcher = await connect(bob.token);
    await watcher.subscribe(general);
    const [tabOne, tabTwo] = await Promise.all([connect(alice.token), connect(alice.token)]);
    await tabOne.subscribe(general);
    await presenceOf(watcher, general, ['Alice', 'Bob']);
    await tabTwo.subscribe(general);
    // The second tab hears who is here although nothing changed for the others.
    await presenceOf(tabTwo, general, ['Alice', 'Bob']);
    await tabOne.close();
    await expect(watcher.next('presence', () => true, 300)).rejects.toThrow(/no presence frame/);
    await tabTwo.close();
    await presenceOf(watcher, general, ['Bob']);
  });

  it('counts a socket that subscribes twice as one session, gone when it closes', async () => {
    const { alice, bob, general } = community;
    const watcher = await connect(bob.token);
    await watcher.subscribe(general);
    const twice = await connect(alice.token);
    await twice.subscribe(general);
    await twice.subscribe(general);
    await presenceOf(watcher, general, ['Alice', 'Bob']);
    await twice.close();
    await presenceOf(watcher, general, ['Bob']);
  });

  it('names the first users to come in a busy channel, and counts everyone', async () => {
    const { alice, random } = community;
    const first = await connect(alice.token);
    await first.subscribe(random);
    const crowd = Array.from({ length: MAX_PRESENCE_USERS + 4 }, (_, index) => ({
      id: `u_crowd_${String(index).padStart(3, '0')}`,
      name: `Crowd ${String(index).padStart(3, '0')}`,
    }));
    for (const user of crowd) await (await connect(await tokenFor(user))).subscribe(random);
    const everyone = crowd.length + 1;
    const full = await first.next('presence', (frame) => frame.channelId === random && frame.count === everyone);
    // Alice came first, then the crowd in order: the last four came after the list was full.
    const named = ['Alice', ...crowd.slice(0, MAX_PRESENCE_USERS - 1).map((user) => user.name)];
    expect(full.users.map((user) => user.name)).toEqual(named);

    // A latecomer hears the same names and the count at once.
    const late = await connect(community.bob.token);
    await late.subscribe(random);
    const heard = await late.next('presence', (frame) => frame.channelId === random);
    expect(heard.count).toBe(everyone + 1);
    expect(heard.users.map((user) => user.name)).toEqual(named);
  });

  it('keeps channels apart, and says nothing to those who do not watch the channel', async () => {
    const { alice, bob, carol, general, random } = community;
    const [inGeneral, inRandom] = await Promise.all([connect(alice.token), connect(carol.token)]);
    await inGeneral.subscribe(general);
    await inRandom.subscribe(random);
    await presenceOf(inRandom, random, ['Carol']);
    const newcomer = await connect(bob.token);
    await newcomer.subscribe(general);
    await presenceOf(inGeneral, general, ['Alice', 'Bob']);
    expect(latestPresence(inRandom, random)).toEqual(['Carol']);
    expect(inRandom.all('presence').every((frame) => frame.channelId === random)).toBe(true);
  });
});
