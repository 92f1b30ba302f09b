import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChatMessage, isPending } from '../src/index.js';
import { type Community, type TestServer, closeClients, createCommunity, nodeClient, startTestServer, until } from './support.js';

let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_FRAMES_PER_SECOND: '1000', HEARTH_FRAME_BURST: '1000' });
  community = await createCommunity(server);
});
afterEach(closeClients);
afterAll(() => server.stop());

const stored = (rows: readonly ChatMessage[]) => rows.filter((row) => !isPending(row));

describe('optimistic sends', () => {
  it('shows a pending row at once, then the acked message with its seq, never twice', async () => {
    const chat = nodeClient(server.url, { token: community.alice.token });
    const general = chat.channel(community.general);
    const snapshots: Array<readonly ChatMessage[]> = [];
    const unbind = general.$messages.subscribe((rows) => snapshots.push(rows));
    await until(general.$status, (status) => status.state === 'ready');
    await until(chat.$connection, (state) => state === 'open');

    const sending = general.send('hello from the sdk');
    const pending = general.$messages.get().at(-1);
    expect(pending && isPending(pending) && pending.state).toBe('pending');
    expect(pending?.content).toBe('hello from the sdk');
    const clientId = pending && isPending(pending) ? pending.clientId : '';

    const message = await sending;
    expect(message).toMatchObject({ content: 'hello from the sdk', clientId, channelId: community.general });
    const rows = await until(general.$messages, (all) => all.some((row) => !isPending(row) && row.id === message.id));
    expect(rows.filter((row) => row.content === 'hello from the sdk')).toHaveLength(1);
    expect(rows.at(-1)).toEqual(message);
    for (const snapshot of snapshots) {
      expect(snapshot.filter((row) => row.content === 'hello from the sdk').length).toBeLessThanOrEqual(1);
    }
    unbind();
  });

  it('delivers to another client watching the channel, in seq order', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const bob = nodeClient(server.url, { token: community.bob.token });
    const mine = alice.channel(community.general);
    const theirs = bob.channel(community.general);
    const offA = mine.$messages.listen(() => {});
    const offB = theirs.$messages.listen(() => {});
    await until(theirs.$status, (status) => status.state === 'ready');
    await until(bob.$connection, (state) => state === 'open');
    const sent = await Promise.all(['one', 'two', 'three'].map((text) => mine.send(text)));
    const rows = await until(theirs.$messages, (all) => sent.every((message) => all.some((row) => row.id === message.id)));
    const seqs = stored(rows).map((row) => (row as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    offA();
    offB();
  });
});

describe('presence', () => {
  it('keeps $present to who has the channel open, and empties it once the channel is no longer watched', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const bob = nodeClient(server.url, { token: community.bob.token });
    const names = (users: ReadonlyArray<{ name: string }>) => users.map((user) => user.name).join(',');
    const ours = alice.channel(community.general);
    const stopAlice = ours.$messages.listen(() => {});
    await until(ours.$present, (users) => names(users) === 'Alice');
    const stopBob = bob.channel(community.general).$messages.listen(() => {});
    await until(ours.$present, (users) => names(users) === 'Alice,Bob');
    stopBob();
    // The SDK lets a channel go a moment after its last watcher leaves, then unsubscribes.
    await until(ours.$present, (users) => names(users) === 'Alice');
    stopAlice();
    await until(ours.$present, (users) => users.length === 0);
  });

  it('empties $present while disconnected, and fills it again after reconnecting', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const general = alice.channel(community.general);
    const stop = general.$messages.listen(() => {});
    await until(general.$present, (users) => users.some((user) => user.name === 'Alice'));
    alice.close();
    await until(general.$present, (users) => users.length === 0);
    alice.connect();
    await until(general.$present, (users) => users.some((user) => user.name === 'Alice'));
    stop();
  });
});
