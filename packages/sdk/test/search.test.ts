// @hearth/sdk/search against a real server: a message one client sends is found by another, paged,
// narrowed to a server; a private server's messages stay hidden from strangers; bad queries reject.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatApiError } from '../src/index.js';
import { searchMessages } from '../src/search.js';
import {
  type Community,
  GENEROUS_LIMITS,
  type TestServer,
  closeClients,
  createCommunity,
  nodeClient,
  startTestServer,
  until,
} from './support.js';

let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer({ ...GENEROUS_LIMITS, HEARTH_SEARCHES_PER_MINUTE: '100000' });
  community = await createCommunity(server, 'sr');
});
afterEach(closeClients);
afterAll(() => server.stop());

// Each test writes words of its own, so no test finds another's messages.
describe('searchMessages', () => {
  it('finds a message another client sent over the socket, with its place and the matched word highlighted', async () => {
    const bob = nodeClient(server.url, { token: community.bob.token });
    const alice = nodeClient(server.url, { token: community.alice.token });
    const general = bob.channel(community.general);
    const stop = general.$messages.listen(() => {});
    await until(general.$status, (status) => status.state === 'ready');
    const word = 'lighthouse';
    const sent = await general.send(`We deploy the ${word} build tonight`);
    stop();

    const page = await searchMessages(alice, word);

    expect(page.hasMore).toBe(false);
    expect(page.results).toHaveLength(1);
    const [hit] = page.results;
    expect(hit?.message).toMatchObject({ id: sent.id, seq: sent.seq, channelId: community.general, author: { id: community.bob.id } });
    expect(hit).toMatchObject({ serverId: community.publicServer.id, channelName: 'general' });
    expect(hit?.highlights.map(({ start, end }) => hit.excerpt.slice(start, end))).toEqual([word]);
  });

  it('pages with limit and offset, and narrows to one server', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const word = 'harbour';
    for (const n of [1, 2, 3]) await alice.messages.post(community.general, { content: `${word} note ${n}` });
    await alice.messages.post(community.secret, { content: `${word} in the back room` });

    const first = await searchMessages(alice, word, { limit: 2 });
    const rest = await searchMessages(alice, word, { limit: 2, offset: 2 });
    const open = await searchMessages(alice, word, { serverId: community.publicServer.id });

    expect(first.results).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    expect(rest.results).toHaveLength(2);
    expect(rest.hasMore).toBe(false);
    const ids = [...first.results, ...rest.results].map((hit) => hit.message.id);
    expect(new Set(ids).size).toBe(4);
    expect(open.results.map((hit) => hit.message.content).sort()).toEqual([1, 2, 3].map((n) => `${word} note ${n}`));
  });

  it("never shows a private server's messages to a stranger: no result, no count, and the server unknown", async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });
    const carol = nodeClient(server.url, { token: community.carol.token });
    const word = 'vault';
    await alice.messages.post(community.secret, { content: `the ${word} code is 1234` });

    expect((await searchMessages(alice, word)).results).toHaveLength(1);
    expect(await searchMessages(carol, word)).toEqual({ results: [], hasMore: false });
    const refused = await searchMessages(carol, word, { serverId: community.privateServer.id }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatApiError);
    expect(refused).toMatchObject({ status: 404, code: 'unknown_server' });
  });

  it('rejects an empty query and a filter with a bad value with invalid_input', async () => {
    const alice = nodeClient(server.url, { token: community.alice.token });

    await expect(searchMessages(alice, '   ')).rejects.toMatchObject({ status: 400, code: 'invalid_input' });
    await expect(searchMessages(alice, 'deploy before:soon')).rejects.toMatchObject({ status: 400, code: 'invalid_input' });
    await expect(searchMessages(alice, 'x'.repeat(257))).rejects.toBeInstanceOf(ChatApiError);
  });
});
