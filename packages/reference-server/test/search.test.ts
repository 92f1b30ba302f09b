import type { Message } from '@hearth/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../src/domain/types.js';
import { type ApiResponse, api } from './support/api.js';
import { type Community, type Member, createCommunity } from './support/community.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { solidPng } from './support/png.js';
import { tokenFor } from './support/tokens.js';

interface SearchPage {
  results: SearchHit[];
  hasMore: boolean;
}

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_SEARCHES_PER_MINUTE: '1000000', HEARTH_HTTP_WRITES_PER_MINUTE: '1000000' });
  community = await createCommunity(server, 'se');
  client = api(server.url);
});
afterAll(() => server.stop());

async function post(author: Member, channelId: string, content: string, extra: { threadId?: string } = {}): Promise<Message> {
  const res = await client.post<Message>(`/api/channels/${channelId}/messages`, { token: author.token, json: { content, ...extra } });
  if (res.status !== 201) throw new Error(`could not post: ${res.text}`);
  return res.body;
}

function search(as: Member, q: string, params: Record<string, string> = {}): Promise<ApiResponse<SearchPage>> {
  const query = new URLSearchParams({ q, ...params });
  return client.get<SearchPage>(`/api/search?${query.toString()}`, { token: as.token });
}

/** The contents of the messages a search found, in result order; fails on anything but 200. */
async function found(as: Member, q: string, params: Record<string, string> = {}): Promise<string[]> {
  const res = await search(as, q, params);
  expect(res.status, res.text).toBe(200);
  return res.body.results.map((hit) => hit.message.content);
}

describe('GET /api/search finds messages by their words', () => {
  it('finds a message by a word, with where it is, an excerpt and the highlighted match', async () => {
    const message = await post(community.alice, community.general, 'We deploy the lighthouse build tonight');
    const res = await search(community.bob, 'lighthouse');
    expect(res.status).toBe(200);
    expect(res.body.hasMore).toBe(false);
    expect(res.body.results).toHaveLength(1);
    const [hit] = res.body.results as [SearchHit];
    expect(hit.message).toMatchObject({
      id: message.id,
      channelId: community.general,
      seq: message.seq,
      author: { id: community.alice.id },
    });
    expect(hit.serverId).toBe(community.publicServer.id);
    expect(hit.channelName).toBe('general');
    expect(hit.excerpt).toBe(message.content);
    expect(hit.highlights.map((range) => hit.excerpt.slice(range.start, range.end))).toEqual(['lighthouse']);
  });

  it('ignores case and accents, and matches the last word as a prefix', async () => {
    await post(community.alice, community.general, 'Le Café Crème is open');
    expect(await found(community.bob, 'CAFE creme')).toEqual(['Le Café Crème is open']);
    expect(await found(community.bob, 'café cre')).toEqual(['Le Café Crème is open']);
    expect(await found(community.bob, 'cre cafe')).toEqual([]);
  });

  it('needs every word', async () => {
    await post(community.alice, community.general, 'marigold and thistle');
    await post(community.alice, community.general, 'marigold alone');
    expect(await found(community.bob, 'marigold thistle')).toEqual(['marigold and thistle']);
    expect((await found(community.bob, 'marigold')).sort()).toEqual(['marigold alone', 'marigold and thistle']);
  });

  it('finds thread replies like other messages', async () => {
    const root = await post(community.alice, community.general, 'thread root about kites');
    const reply = await post(community.bob, community.general, 'a reply about quokkas', { threadId: root.id });
    const res = await search(community.bob, 'quokkas');
    expect(res.body.results.map((hit) => hit.message.id)).toEqual([reply.id]);
    expect(res.body.results[0]?.message.threadId).toBe(root.id);
  });

  it('finds an edited message by its new text only, and shows it as it stands', async () => {
    const message = await post(community.alice, community.general, 'the original says pelican');
    const patched = await client.patch<Message>(`/api/channels/${community.general}/messages/${message.id}`, {
      token: community.alice.token,
      json: { content: 'the edit says albatross' },
    });
    expect(patched.status).toBe(200);
    expect(await found(community.bob, 'pelican')).toEqual([]);
    const res = await search(community.bob, 'albatross');
    expect(res.body.results.map((hit) => hit.message)).toEqual([patched.body]);
  });

  it('never finds a deleted message', async () => {
    const message = await post(community.alice, community.general, 'soon gone: wombat');
    expect(await found(community.bob, 'wombat')).toEqual(['soon gone: wombat']);
    const deleted = await client.delete(`/api/channels/${community.general}/messages/${message.id}`, { token: community.alice.token });
    expect(deleted.status).toBe(200);
    expect(await found(community.bob, 'wombat')).toEqual([]);
    expect(await found(community.bob, 'from:alice')).not.toContain('soon gone: wombat');
  });

  it('shows reactions with `me` for the searcher', async () => {
    const message = await post(community.alice, community.general, 'react to the narwhal');
    const reacted = await client.put(`/api/channels/${community.general}/messages/${message.id}/reactions/${encodeURIComponent('👍')}`, {
      token: community.bob.token,
    });
    expect(reacted.status).toBe(200);
    const asBob = await search(community.bob, 'narwhal');
    expect(asBob.body.results[0]?.message.reactions).toEqual([{ emoji: '👍', count: 1, me: true }]);
    const asAlice = await search(community.alice, 'narwhal');
    expect(asAlice.body.results[0]?.message.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
  });
});

describe('search ranks and pages its results', () => {
  it('ranks a message with the word more often, and a shorter one, above others; equals newest first', async () => {
    await post(community.alice, community.random, `one zebra among many other words here to make this message long enough to weigh less`);
    await post(community.alice, community.random, 'zebra zebra');
    await post(community.alice, community.random, 'a zebra');
    await post(community.alice, community.random, 'the zebra');
    expect(await found(community.bob, 'zebra')).toEqual([
      'zebra zebra',
      'the zebra',
      'a zebra',
      'one zebra among many other words here to make this message long enough to weigh less',
    ]);
  });

  it('pages with limit and offset, with hasMore while more follow and no result twice', async () => {
    for (let index = 1; index <= 5; index += 1) await post(community.alice, community.random, `pagination sample ${index}`);
    const first = await search(community.bob, 'pagination', { limit: '2' });
    const second = await search(community.bob, 'pagination', { limit: '2', offset: '2' });
    const third = await search(community.bob, 'pagination', { limit: '2', offset: '4' });
    expect([first.body.hasMore, second.body.hasMore, third.body.hasMore]).toEqual([true, true, false]);
    const contents = [first, second, third].flatMap((page) => page.body.results.map((hit) => hit.message.content));
    expect(contents).toEqual([5, 4, 3, 2, 1].map((index) => `pagination sample ${index}`));
    const past = await search(community.bob, 'pagination', { offset: '1000' });
    expect(past.body).toEqual({ results: [], hasMore: false });
  });

  it('cuts a long message to an excerpt around the match, with … and ranges on the words', async () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(12);
    await post(community.alice, community.random, `${filler}here is the Meerkat you want ${filler}`);
    const res = await search(community.bob, 'meerkat');
    const [hit] = res.body.results as [SearchHit];
    expect(hit.excerpt.length).toBeLessThan(hit.message.content.length);
    expect(hit.excerpt).toMatch(/^….*Meerkat.*…$/s);
    expect(hit.highlights.map((range) => hit.excerpt.slice(range.start, range.end))).toEqual(['Meerkat']);
  });
});

describe('search filters', () => {
  let dave: Member;
  let eve: Member;
  let daveFirst: Message;
  let daveSecond: Message;

  beforeAll(async () => {
    dave = { id: 'se_dave', name: 'Dave Filter', token: await tokenFor({ id: 'se_dave', name: 'Dave Filter' }) };
    eve = { id: 'se_eve', name: 'dave filter', token: await tokenFor({ id: 'se_eve', name: 'dave filter' }) };
    for (const member of [dave, eve]) {
      const joined = await client.post(`/api/servers/${community.publicServer.id}/members`, { token: member.token });
      expect(joined.status).toBe(201);
    }
    daveFirst = await post(dave, community.general, 'filtering otter one');
    daveSecond = await post(dave, community.random, 'filtering otter two');
    await post(eve, community.general, 'filtering otter by eve');
    await post(community.alice, community.general, 'filtering otter by alice');
  });

  it('from: finds by name ignoring case (all users of that name), with @ optional, or by id', async () => {
    const byName = await found(community.bob, 'otter from:"dave filter"');
    expect(byName.sort()).toEqual(['filtering otter by eve', 'filtering otter one', 'filtering otter two']);
    expect((await found(community.bob, 'otter from:"@Dave Filter"')).sort()).toEqual(byName);
    expect((await found(community.bob, 'otter from:se_dave')).sort()).toEqual(['filtering otter one', 'filtering otter two']);
    expect(await found(community.bob, 'otter from:nobody_here')).toEqual([]);
  });

  it('in: finds by channel name, # optional; an unknown channel finds nothing', async () => {
    expect(await found(community.bob, 'otter in:#random')).toEqual(['filtering otter two']);
    expect((await found(community.bob, 'otter in:general')).length).toBe(3);
    expect(await found(community.bob, 'otter in:nowhere')).toEqual([]);
  });

  it('filters alone list the newest first', async () => {
    const res = await search(community.bob, 'from:se_dave');
    expect(res.body.results.map((hit) => hit.message.id)).toEqual([daveSecond.id, daveFirst.id]);
    expect(res.body.results[0]?.excerpt).toBe('filtering otter two');
    expect(res.body.results[0]?.highlights).toEqual([]);
  });

  it('before: and after: compare with the start and the end of the day, in UTC', async () => {
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    expect((await found(community.bob, `otter from:se_dave before:${day(1)}`)).length).toBe(2);
    expect(await found(community.bob, `otter from:se_dave before:${day(0)}`)).toEqual([]);
    expect((await found(community.bob, `otter from:se_dave after:${day(-1)}`)).length).toBe(2);
    expect(await found(community.bob, `otter from:se_dave after:${day(0)}`)).toEqual([]);
  });

  it('has:file finds messages with any file, has:image those with an image', async () => {
    const upload = async (name: string, bytes: Buffer) => {
      const res = await client.post<{ id: string }>(`/api/channels/${community.general}/attachments?name=${encodeURIComponent(name)}`, {
        token: dave.token,
        body: new Uint8Array(bytes),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id;
    };
    const image = await upload('otter.png', solidPng(8, [10, 120, 200]));
    const notes = await upload('otter.txt', Buffer.from('plain notes about otters\n'));
    const send = async (content: string, attachments: string[]) => {
      const res = await client.post<Message>(`/api/channels/${community.general}/messages`, {
        token: dave.token,
        json: { content, attachments },
      });
      expect(res.status, res.text).toBe(201);
    };
    await send('filing otter picture', [image]);
    await send('filing otter notes', [notes]);
    expect(await found(community.bob, 'filing otter has:image')).toEqual(['filing otter picture']);
    expect((await found(community.bob, 'filing otter has:file')).sort()).toEqual(['filing otter notes', 'filing otter picture']);
    expect(await found(community.bob, 'filtering otter has:file')).toEqual([]);
    const [hit] = (await search(community.bob, 'has:image from:se_dave')).body.results;
    expect(hit?.message.attachments).toMatchObject([{ id: image, name: 'otter.png', width: 8, height: 8 }]);
  });

  it('combines filters with AND', async () => {
    expect(await found(community.bob, 'filtering otter from:se_dave in:general')).toEqual(['filtering otter one']);
    expect(await found(community.bob, 'from:se_dave in:general filtering')).toEqual(['filtering otter one']);
  });
});

describe('search covers only the channels the user can read', () => {
  beforeAll(async () => {
    await post(community.alice, community.secret, 'classified platypus plans');
    await post(community.alice, community.general, 'public platypus news');
  });

  it('never finds a message of a private server to a non-member, and finds it for a member', async () => {
    expect(await found(community.bob, 'platypus')).toEqual(['public platypus news']);
    expect(await found(community.bob, 'classified')).toEqual([]);
    expect(await found(community.bob, 'in:general classified')).toEqual([]);
    expect((await found(community.alice, 'platypus')).sort()).toEqual(['classified platypus plans', 'public platypus news']);
  });

  it('refuses serverId of a private server to a non-member with 404 and no count', async () => {
    const res = await search(community.bob, 'platypus', { serverId: community.privateServer.id });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'unknown_server' });
    expect(res.text).not.toMatch(/platypus|results|count/i);
    const unknown = await search(community.bob, 'platypus', { serverId: 's_nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'unknown_server' });
  });

  it('searches one server with serverId: a public one even for a non-member', async () => {
    expect(await found(community.carol, 'platypus')).toEqual([]);
    expect(await found(community.carol, 'platypus', { serverId: community.publicServer.id })).toEqual(['public platypus news']);
    expect(await found(community.alice, 'platypus', { serverId: community.privateServer.id })).toEqual(['classified platypus plans']);
  });

  it('refuses serverId of a public server to a user banned from it, as unknown', async () => {
    const frank: Member = { id: 'se_frank', name: 'Frank', token: await tokenFor({ id: 'se_frank', name: 'Frank' }) };
    await client.post(`/api/servers/${community.publicServer.id}/members`, { token: frank.token });
    const banned = await client.put(`/api/servers/${community.publicServer.id}/bans/${frank.id}`, {
      token: community.alice.token,
      json: {},
    });
    expect(banned.status).toBe(200);
    const res = await search(frank, 'platypus', { serverId: community.publicServer.id });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'unknown_server' });
    expect(await found(frank, 'platypus')).toEqual([]);
  });
});

describe('search refuses bad input clearly and never fails on odd text', () => {
  it('refuses a missing, empty or over-long q, naming q', async () => {
    for (const query of ['', '?q=', '?q=%20%20', `?q=${'a'.repeat(257)}`, '?q=!!!']) {
      const res = await client.get(`/api/search${query}`, { token: community.bob.token });
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ code: 'invalid_input', field: 'q' });
    }
  });

  it('refuses a known filter with a bad value, naming it', async () => {
    for (const [q, name] of [
      ['otter before:soon', 'before:'],
      ['otter after:2026-02-30', 'after:'],
      ['otter has:video', 'has:'],
      ['otter from:', 'from:'],
      ['otter in:#', 'in:'],
    ] as const) {
      const res = await search(community.bob, q);
      expect(res.status, q).toBe(400);
      expect(res.body, q).toMatchObject({ code: 'invalid_input', field: 'q' });
      expect((res.body as unknown as { detail: string }).detail, q).toContain(name);
    }
  });

  it('refuses unknown parameters and limit or offset out of range', async () => {
    for (const [params, field] of [
      ['q=otter&sort=new', 'sort'],
      ['q=otter&limit=0', 'limit'],
      ['q=otter&limit=51', 'limit'],
      ['q=otter&limit=two', 'limit'],
      ['q=otter&offset=1001', 'offset'],
      ['q=otter&offset=-1', 'offset'],
    ] as const) {
      const res = await client.get(`/api/search?${params}`, { token: community.bob.token });
      expect(res.status, params).toBe(400);
      expect(res.body, params).toMatchObject({ code: 'invalid_input', field });
    }
  });

  it('searches unknown filters, URLs and times as words', async () => {
    await post(community.alice, community.general, 'see https://example.org/gecko at 10:30 with to:gecko');
    expect(await found(community.bob, 'https://example.org/gecko')).toHaveLength(1);
    expect(await found(community.bob, '10:30 gecko')).toHaveLength(1);
    expect(await found(community.bob, 'to:gecko')).toHaveLength(1);
  });

  it('answers 200 or 400, never 500, to query syntax of either engine', async () => {
    await post(community.alice, community.general, 'NEAR the ibis and OR AND NOT');
    const texts = [
      '"',
      '""',
      '"ibis',
      'ibis"',
      '*',
      'ibis*',
      '*ibis',
      'NEAR(ibis',
      'NEAR(ibis the, 2)',
      ':*',
      'ibis:*',
      '&|!',
      'ibis & the',
      'ibis | !the',
      '!ibis',
      "ibis'",
      "'",
      '(ibis',
      'ibis)',
      '^ibis',
      '-ibis',
      'ibis -the',
      'ibis OR the',
      'NOT ibis',
      'AND',
      'ibis <-> the',
      'content:ibis',
      '{ibis}',
      'ibis\\',
      '\\',
      'ibis +the',
      '"NEAR the"',
      'ibis NEAR',
    ];
    for (const q of texts) {
      const res = await search(community.bob, q);
      expect([200, 400], `${q}: ${res.text}`).toContain(res.status);
    }
    expect(await found(community.bob, 'NEAR(ibis')).toEqual(['NEAR the ibis and OR AND NOT']);
    expect(await found(community.bob, 'ibis:*')).toEqual(['NEAR the ibis and OR AND NOT']);
    expect(await found(community.bob, '"ibis')).toEqual(['NEAR the ibis and OR AND NOT']);
    expect(await found(community.bob, 'ibis OR zzzzq')).toEqual([]);
  });

  it('refuses a search without a token', async () => {
    const res = await client.get('/api/search?q=otter');
    expect(res.status).toBe(401);
  });
});

describe('search has a per-user rate', () => {
  let limited: TestServer;
  beforeAll(async () => {
    // 3 a minute, one at once: the second search in a row is refused.
    limited = await startTestServer({ HEARTH_SEARCHES_PER_MINUTE: '3' });
  });
  afterAll(() => limited.stop());

  it('refuses searches past the rate with 429 and Retry-After, per user', async () => {
    const limitedClient = api(limited.url);
    const [ada, bea] = await Promise.all([tokenFor({ id: 'rl_ada', name: 'Ada' }), tokenFor({ id: 'rl_bea', name: 'Bea' })]);
    expect((await limitedClient.get('/api/search?q=hello', { token: ada })).status).toBe(200);
    const refused = await limitedClient.get('/api/search?q=hello', { token: ada });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limitedClient.get('/api/search?q=hello', { token: bea })).status).toBe(200);
  });
});
