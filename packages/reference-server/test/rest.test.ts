import type { Message } from '@hearth/sdk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Channel, Membership, Server } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { TEST_CATEGORY, type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor } from './support/tokens.js';

let server: TestServer;
let community: Community;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_DEMO: '1' });
  community = await createCommunity(server);
  client = api(server.url);
});
afterAll(() => server.stop());

describe('public endpoints', () => {
  it('serves /healthz', async () => {
    const res = await client.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI contract and interactive docs', async () => {
    const spec = await client.get<string>('/api/openapi.yaml');
    expect(spec.status).toBe(200);
    expect(spec.headers.get('content-type')).toMatch(/yaml/);
    expect(spec.text).toMatch(/^openapi: 3\.1/m);
    const docs = await fetch(`${server.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger-ui/i);
  });

  it('serves a page at /', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('issues a guest token that the API then accepts', async () => {
    const guest = await client.post<{ token: string; user: { id: string; name: string } }>('/api/auth/guest', {
      json: { name: '  Dana  ' },
    });
    expect(guest.status).toBe(201);
    expect(guest.body.user.name).toBe('Dana');
    const me = await client.get('/api/me', { token: guest.body.token });
    expect(me.body).toEqual({ id: guest.body.user.id, name: 'Dana', avatarUrl: null });
  });
});

describe('categories and servers', () => {
  it('lists the categories with their icons', async () => {
    const res = await client.get<Category[]>('/api/categories', { token: community.bob.token });
    expect(res.status).toBe(200);
    expect(res.body.map((category) => category.id)).toContain(TEST_CATEGORY);
    expect(res.body.find((category) => category.id === 'ct_gaming')?.iconUrl).toMatch(/^\/media\/demo\/.+\.svg$/);
  });

  it('lists servers with member counts and channels, and hides private servers from non-members', async () => {
    const { alice, carol, publicServer, privateServer } = community;
    const seenByCarol = await client.get<Server[]>('/api/servers', { token: carol.token });
    const open = seenByCarol.body.find((s) => s.id === publicServer.id);
    expect(open?.memberCount).toBe(2);
    expect(open?.channels.map((channel) => channel.name)).toEqual(['general', 'random']);
    expect(seenByCarol.body.some((s) => s.id === privateServer.id)).toBe(false);
    const seenByAlice = await client.get<Server[]>('/api/servers', { token: alice.token });
    expect(seenByAlice.body.some((s) => s.id === privateServer.id)).toBe(true);
  });

  it('filters by category, by membership and by limit', async () => {
    const { bob } = community;
    const gaming = await client.get<Server[]>('/api/servers?category=ct_gaming', { token: bob.token });
    expect(gaming.body.length).toBeGreaterThan(0);
    expect(gaming.body.every((s) => s.categoryId === 'ct_gaming')).toBe(true);
    const mine = await client.get<Server[]>('/api/servers?member=me', { token: bob.token });
    expect(mine.body.map((s) => s.id)).toEqual([community.publicServer.id]);
    const two = await client.get<Server[]>('/api/servers?limit=2', { token: bob.token });
    expect(two.body).toHaveLength(2);
  });

  it('gets one server by id with its channels in position order', async () => {
    const res = await client.get<Server>(`/api/servers/${community.publicServer.id}`, { token: community.carol.token });
    expect(res.status).toBe(200);
    expect(res.body.channels.map((channel) => channel.position)).toEqual([0, 1]);
    expect(res.body.ownerId).toBe(community.alice.id);
  });

  it('creates a server owned by its creator, with a general channel', async () => {
    const dana = { id: 'u_dana', name: 'Dana' };
    const token = await tokenFor(dana);
    const res = await client.post<Server>('/api/servers', {
      token,
      json: { name: '  Book club ', description: 'Monthly reads', categoryId: TEST_CATEGORY },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/servers/${res.body.id}`);
    expect(res.body).toMatchObject({ name: 'Book club', ownerId: 'u_dana', memberCount: 1, visibility: 'public' });
    expect(res.body.channels.map((channel) => channel.name)).toEqual(['general']);
  });

  it('lets the owner add channels, in order', async () => {
    const res = await client.post<Channel>(`/api/servers/${community.publicServer.id}/channels`, {
      token: community.alice.token,
      json: { name: 'Announcements', topic: 'News' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'announcements', topic: 'News', position: 2, serverId: community.publicServer.id });
  });
});

describe('membership', () => {
  it('joins (201, then 200 when repeated) and leaves (204) a public server', async () => {
    const erin = { id: 'u_erin', name: 'Erin' };
    const token = await tokenFor(erin);
    const path = `/api/servers/${community.publicServer.id}/members`;
    const joined = await client.post<Membership>(path, { token });
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ serverId: community.publicServer.id, userId: 'u_erin', role: 'member', mutedUntil: null });
    expect((await client.post(path, { token })).status).toBe(200);
    const counted = await client.get<Server>(`/api/servers/${community.publicServer.id}`, { token });
    expect(counted.body.memberCount).toBe(3);
    expect((await client.delete(`${path}/me`, { token })).status).toBe(204);
    const after = await client.get<Server>(`/api/servers/${community.publicServer.id}`, { token });
    expect(after.body.memberCount).toBe(2);
  });

  it('lets the owner add a member to a private server, who can then see it; nobody else can add', async () => {
    const { alice, bob, carol, privateServer } = community;
    const path = `/api/servers/${privateServer.id}/members`;
    expect((await client.post(path, { token: carol.token, json: { userId: carol.id } })).status).toBe(404);
    const added = await client.post<Membership>(path, { token: alice.token, json: { userId: bob.id } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ serverId: privateServer.id, userId: bob.id, role: 'member', mutedUntil: null });
    const seen = await client.get<Server>(`/api/servers/${privateServer.id}`, { token: bob.token });
    expect(seen.status).toBe(200);
    expect(seen.body.memberCount).toBe(2);
    expect((await client.post(path, { token: bob.token, json: { userId: carol.id } })).status).toBe(403);
    expect((await client.get(`/api/servers/${privateServer.id}`, { token: carol.token })).status).toBe(404);
  });

  it('lists members with their roles by name ignoring case, by a prefix whose wildcards are taken literally', async () => {
    const { alice } = community;
    const created = await client.post<Server>('/api/servers', { token: alice.token, json: { name: 'Names', categoryId: TEST_CATEGORY } });
    const serverId = created.body.id;
    const names = ['ada', 'Ad%min', 'Al_x', 'ALBERT', 'Émile', 'zed'];
    for (const [index, name] of names.entries()) {
      await client.post(`/api/servers/${serverId}/members`, { token: await tokenFor({ id: `u_named_${index}`, name }) });
    }
    const list = (query: string) =>
      client.get<{ members: Array<{ user: { name: string }; role: string }>; hasMore: boolean }>(
        `/api/servers/${serverId}/members${query}`,
        { token: community.carol.token },
      );
    const all = await list('');
    expect(all.status).toBe(200);
    // Where a letter outside ASCII sorts is the database collation's call; the rest is ordered as any collation would.
    const listed = all.body.members.map((member) => member.user.name);
    expect(listed.filter((name) => name !== 'Émile')).toEqual(['Ad%min', 'ada', 'Al_x', 'ALBERT', 'Alice', 'zed']);
    expect(listed).toContain('Émile');
    expect(all.body.members.find((member) => member.user.name === 'Alice')?.role).toBe('owner');
    expect(all.body.hasMore).toBe(false);
    const names$ = async (query: string) => (await list(query)).body.members.map((member) => member.user.name);
    expect(await names$('?prefix=AD')).toEqual(['Ad%min', 'ada']);
    expect(await names$('?prefix=ad%25')).toEqual(['Ad%min']);
    expect(await names$('?prefix=al_')).toEqual(['Al_x']);
    expect(await names$('?prefix=_')).toEqual([]);
    expect(await names$('?prefix=%C3%A9')).toEqual(['Émile']);
    const first = await list('?prefix=a&limit=2');
    expect([first.body.members.map((member) => member.user.name), first.body.hasMore]).toEqual([['Ad%min', 'ada'], true]);
  });

  it('gives the demo team a staff (Ada admin, Linus moderator); a guest who joins is a plain member', async () => {
    const guest = await client.post<{ token: string; user: { id: string } }>('/api/auth/guest', { json: { name: 'Visitor' } });
    const joined = await client.post<{ role: string }>('/api/servers/s_hearth/members', { token: guest.body.token });
    expect(joined.body.role).toBe('member');
    const members = await client.get<{ members: Array<{ user: { id: string }; role: string }> }>('/api/servers/s_hearth/members', {
      token: guest.body.token,
    });
    const roles = Object.fromEntries(members.body.members.map((member) => [member.user.id, member.role]));
    expect(roles).toMatchObject({
      demo_team: 'owner',
      demo_ada: 'admin',
      demo_linus: 'moderator',
      demo_grace: 'member',
      [guest.body.user.id]: 'member',
    });
  });

  it('gives some demo people a picture the server serves (Ada, Grace) and leaves the others to their initials', async () => {
    const guest = await client.post<{ token: string }>('/api/auth/guest', { json: { name: 'Looker' } });
    const members = await client.get<{ members: Array<{ user: { id: string; avatarUrl: string | null } }> }>(
      '/api/servers/s_hearth/members',
      { token: guest.body.token },
    );
    const avatars = Object.fromEntries(members.body.members.map(({ user }) => [user.id, user.avatarUrl]));
    expect(avatars).toMatchObject({ demo_team: null, demo_linus: null });
    for (const id of ['demo_ada', 'demo_grace']) {
      const picture = await fetch(new URL(avatars[id] as string, server.url));
      expect([picture.status, picture.headers.get('content-type')], id).toEqual([200, 'image/svg+xml']);
    }
  });

  it('refuses a bad member listing with 400 naming the field, and hides a private server with 404', async () => {
    const { bob, carol, privateServer, publicServer } = community;
    const path = `/api/servers/${publicServer.id}/members`;
    for (const [query, field] of [
      [`?prefix=${'a'.repeat(33)}`, 'prefix'],
      ['?limit=0', 'limit'],
      ['?limit=many', 'limit'],
      ['?role=owner', 'role'],
      ['?offset=-1', 'offset'],
      ['?offset=1.5', 'offset'],
    ] as const) {
      const res = await client.get<{ code: string; field: string }>(`${path}${query}`, { token: bob.token });
      expect([res.status, res.body.code, res.body.field]).toEqual([400, 'invalid_input', field]);
    }
    const hidden = await client.get<{ code: string }>(`/api/servers/${privateServer.id}/members`, { token: carol.token });
    expect([hidden.status, hidden.body.code]).toEqual([404, 'unknown_server']);
    expect((await client.get(`/api/servers/${privateServer.id}/members`, { token: community.alice.token })).status).toBe(200);
  });

  it('refuses to let the owner leave (409) and a non-member leave (403)', async () => {
    const path = `/api/servers/${community.publicServer.id}/members/me`;
    expect((await client.delete(path, { token: community.alice.token })).status).toBe(409);
    expect((await client.delete(path, { token: community.carol.token })).status).toBe(403);
  });
});

describe('history over REST', () => {
  it('posts a message (201) that then shows in the history', async () => {
    const posted = await client.post<Message>(`/api/channels/${community.general}/messages`, {
      token: community.bob.token,
      json: { content: 'from a bot', clientId: 'rest-1' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ content: 'from a bot', clientId: 'rest-1', author: { id: community.bob.id } });
    const page = await client.get<{ messages: Message[]; hasMore: boolean }>(`/api/channels/${community.general}/messages`, {
      token: community.carol.token,
    });
    expect(page.body.messages.at(-1)).toEqual(posted.body);
  });

  it('serves the demo history, oldest first', async () => {
    const page = await client.get<{ messages: Message[]; hasMore: boolean }>('/api/channels/c_hearth_general/messages', {
      token: community.carol.token,
    });
    const messages = page.body.messages;
    // Seqs 5 and 6 are replies in the thread of 3, so the main line skips them.
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 7]);
    expect(page.body.hasMore).toBe(false);
    const [welcome, docs, root, quoting, pointer] = messages as [Message, Message, Message, Message, Message];
    expect(welcome.reactions).toEqual([
      { emoji: '👋', count: 2, me: false },
      { emoji: '🎉', count: 1, me: false },
    ]);
    expect(root.thread).toMatchObject({ replyCount: 2, lastReplySeq: 6 });
    expect([quoting.replyTo?.id, quoting.replyTo?.author.name, pointer.replyTo?.id]).toEqual([root.id, 'Linus', docs.id]);
    const thread = await client.get<{ messages: Message[] }>(`/api/channels/c_hearth_general/messages?thread=${root.id}`, {
      token: community.carol.token,
    });
    expect(thread.body.messages.map((message) => [message.seq, (message.mentions ?? []).map((user) => user.name)])).toEqual([
      [5, []],
      [6, ['Ada']],
    ]);
  });
});
