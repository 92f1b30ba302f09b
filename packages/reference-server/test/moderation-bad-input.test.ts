import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/http/problem.js';
import type { Channel, Invite, Server } from '../src/domain/types.js';
import { type ApiResponse, api } from './support/api.js';
import { socketPool } from './support/socket-client.js';
import { type StaffedServer, join, newUser, staffedServer } from './support/staff.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let staffed: StaffedServer;
let client: ReturnType<typeof api>;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000' });
  client = api(server.url);
  staffed = await staffedServer(server.url, 'bad');
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

function expectProblem(res: ApiResponse, status: number, code: string, field?: string): Problem {
  expect({ status: res.status, code: (res.body as Problem).code }).toEqual({ status, code });
  const problem = res.body as Problem;
  if (field !== undefined) expect(problem.field).toBe(field);
  return problem;
}

const memberPath = (userId: string) => `/api/servers/${staffed.server.id}/members/${userId}`;
const banPath = (userId: string) => `/api/servers/${staffed.server.id}/bans/${userId}`;

describe('acting on the owner, oneself, an equal or a higher role is forbidden', () => {
  it.each([
    ['an admin demotes the owner', 'admin', 'owner', { role: 'member' }],
    ['an admin times out the owner', 'admin', 'owner', { timeoutSeconds: 60 }],
    ['the owner changes their own role', 'owner', 'owner', { role: 'admin' }],
    ['a moderator times out a moderator (themselves)', 'moderator', 'moderator', { timeoutSeconds: 60 }],
    ['a moderator times out an admin', 'moderator', 'admin', { timeoutSeconds: 60 }],
    ['an admin demotes an admin (themselves)', 'admin', 'admin', { role: 'member' }],
    ['an admin makes a member an admin', 'admin', 'member', { role: 'admin' }],
    ['a moderator promotes a member', 'moderator', 'member', { role: 'moderator' }],
  ] as const)('%s → 403', async (_case, actor, target, json) => {
    const res = await client.patch(memberPath(staffed[target].id), { token: staffed[actor].token, json });
    expectProblem(res, 403, 'forbidden');
  });

  it('refuses to kick or ban the owner, an equal or a higher role, and leaves them members', async () => {
    const other = await newUser('bad', 'OtherModerator');
    await join(server.url, staffed.server.id, other);
    await client.patch(memberPath(other.id), { token: staffed.owner.token, json: { role: 'moderator' } });
    expectProblem(await client.delete(memberPath(staffed.owner.id), { token: staffed.admin.token }), 403, 'forbidden');
    expectProblem(await client.delete(memberPath(other.id), { token: staffed.moderator.token }), 403, 'forbidden');
    expectProblem(await client.delete(memberPath(staffed.admin.id), { token: staffed.moderator.token }), 403, 'forbidden');
    expectProblem(await client.put(banPath(staffed.owner.id), { token: staffed.admin.token }), 403, 'forbidden');
    expectProblem(await client.put(banPath(staffed.admin.id), { token: staffed.admin.token }), 403, 'forbidden');
    const members = await client.get<{ members: Array<{ user: { id: string }; role: string }> }>(
      `/api/servers/${staffed.server.id}/members?limit=100`,
      { token: staffed.owner.token },
    );
    const roles = Object.fromEntries(members.body.members.map((member) => [member.user.id, member.role]));
    expect(roles).toMatchObject({ [staffed.owner.id]: 'owner', [staffed.admin.id]: 'admin', [other.id]: 'moderator' });
  });

  it('lets the owner make an admin, whom an admin then cannot touch', async () => {
    const promoted = await newUser('bad', 'Promoted');
    await join(server.url, staffed.server.id, promoted);
    const res = await client.patch<{ role: string; user: { id: string } }>(memberPath(promoted.id), {
      token: staffed.owner.token,
      json: { role: 'admin' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'admin', user: { id: promoted.id } });
    expectProblem(await client.patch(memberPath(promoted.id), { token: staffed.admin.token, json: { role: 'member' } }), 403, 'forbidden');
  });
});

describe('banned users', () => {
  it('cannot join, use an invite, subscribe or read history; unbanned, they can join again', async () => {
    const banned = await newUser('bad', 'Banned');
    await join(server.url, staffed.server.id, banned);
    const invite = await client.post<Invite>(`/api/servers/${staffed.server.id}/invites`, { token: staffed.admin.token });
    const ban = await client.put(banPath(banned.id), { token: staffed.admin.token, json: { reason: 'spam links' } });
    expect(ban.status).toBe(200);
    expect(ban.body).toMatchObject({ serverId: staffed.server.id, user: { id: banned.id }, by: { id: staffed.admin.id }, reason: 'spam links' });

    expectProblem(await client.post(`/api/servers/${staffed.server.id}/members`, { token: banned.token }), 403, 'banned');
    expectProblem(await client.post(`/api/invites/${invite.body.code}`, { token: banned.token }), 403, 'banned');
    expectProblem(await client.get(`/api/channels/${staffed.general}/messages`, { token: banned.token }), 403, 'banned');
    expectProblem(
      await client.post(`/api/channels/${staffed.general}/messages`, { token: banned.token, json: { content: 'let me in' } }),
      403,
      'banned',
    );
    const socket = await pool.connect(banned.token);
    socket.send({ type: 'subscribe', channelId: staffed.general });
    expect(await socket.next('error')).toMatchObject({ code: 'banned', ref: staffed.general });

    const bans = await client.get<Array<{ user: { id: string } }>>(`/api/servers/${staffed.server.id}/bans`, { token: staffed.admin.token });
    expect(bans.body.map((each) => each.user.id)).toContain(banned.id);
    expect((await client.delete(banPath(banned.id), { token: staffed.admin.token })).status).toBe(204);
    expect((await client.post(`/api/invites/${invite.body.code}`, { token: banned.token })).status).toBe(201);
  });

  it('may be banned before they ever join (a user who is no member), and then cannot join', async () => {
    const troll = await newUser('bad', 'Troll');
    expect((await client.put(banPath(troll.id), { token: staffed.owner.token })).status).toBe(200);
    expectProblem(await client.post(`/api/servers/${staffed.server.id}/members`, { token: troll.token }), 403, 'banned');
  });

  it('refuses a reason over 512 characters', async () => {
    const user = await newUser('bad', 'Spared');
    expectProblem(await client.put(banPath(user.id), { token: staffed.owner.token, json: { reason: 'x'.repeat(513) } }), 400, 'invalid_input', 'reason');
    const bans = await client.get<Array<{ user: { id: string } }>>(`/api/servers/${staffed.server.id}/bans`, { token: staffed.owner.token });
    expect(bans.body.map((ban) => ban.user.id)).not.toContain(user.id);
  });
});

describe('invites that no longer work', () => {
  it('answers 410 for an expired invite, to preview and to use', async () => {
    const expired = await server.storage.invites.create({
      code: 'Expired0001',
      serverId: staffed.server.id,
      createdById: staffed.owner.id,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      maxUses: null,
    });
    const user = await newUser('bad', 'Late');
    expectProblem(await client.get(`/api/invites/${expired.code}`, { token: user.token }), 410, 'invite_expired');
    expectProblem(await client.post(`/api/invites/${expired.code}`, { token: user.token }), 410, 'invite_expired');
  });

  it('answers 410 once an invite is used up, and the first user stays in', async () => {
    const invite = await client.post<Invite>(`/api/servers/${staffed.server.id}/invites`, { token: staffed.admin.token, json: { maxUses: 1 } });
    const [first, second] = await Promise.all([newUser('bad', 'First'), newUser('bad', 'Second')]);
    expect((await client.post(`/api/invites/${invite.body.code}`, { token: first.token })).status).toBe(201);
    expectProblem(await client.post(`/api/invites/${invite.body.code}`, { token: second.token }), 410, 'invite_expired');
    expectProblem(await client.get(`/api/invites/${invite.body.code}`, { token: second.token }), 410, 'invite_expired');
    const members = await client.get<{ members: Array<{ user: { id: string } }> }>(`/api/servers/${staffed.server.id}/members?limit=100`, {
      token: staffed.owner.token,
    });
    const ids = members.body.members.map((member) => member.user.id);
    expect(ids).toContain(first.id);
    expect(ids).not.toContain(second.id);
  });

  it('answers 404 unknown_invite for a revoked invite and for codes never made', async () => {
    const invite = await client.post<Invite>(`/api/servers/${staffed.server.id}/invites`, { token: staffed.admin.token });
    expect((await client.delete(`/api/servers/${staffed.server.id}/invites/${invite.body.code}`, { token: staffed.admin.token })).status).toBe(204);
    const user = await newUser('bad', 'Hopeful');
    expectProblem(await client.post(`/api/invites/${invite.body.code}`, { token: user.token }), 404, 'unknown_invite');
    expectProblem(await client.get(`/api/invites/${invite.body.code}`, { token: user.token }), 404, 'unknown_invite');
    expectProblem(await client.get('/api/invites/NoSuchCode1', { token: user.token }), 404, 'unknown_invite');
    expectProblem(await client.post('/api/invites/NoSuchCode1', { token: user.token }), 404, 'unknown_invite');
    expectProblem(await client.delete(`/api/servers/${staffed.server.id}/invites/NoSuchCode1`, { token: staffed.admin.token }), 404, 'unknown_invite');
  });

  it.each([
    [{ maxAgeSeconds: 59 }, 'maxAgeSeconds'],
    [{ maxAgeSeconds: 2_592_001 }, 'maxAgeSeconds'],
    [{ maxUses: 0 }, 'maxUses'],
    [{ maxUses: 1001 }, 'maxUses'],
    [{ maxUses: 1.5 }, 'maxUses'],
  ])('refuses an invite with %o (field %s)', async (json, field) => {
    expectProblem(await client.post(`/api/servers/${staffed.server.id}/invites`, { token: staffed.admin.token, json }), 400, 'invalid_input', field);
  });
});

describe('channels', () => {
  it('refuses a name the server has already, on create and on rename, and keeps both channels', async () => {
    const path = `/api/servers/${staffed.server.id}/channels`;
    const created = await client.post<Channel>(path, { token: staffed.admin.token, json: { name: 'clash-a' } });
    expect(created.status).toBe(201);
    expectProblem(await client.post(path, { token: staffed.admin.token, json: { name: 'Clash-A' } }), 409, 'conflict');
    const other = await client.post<Channel>(path, { token: staffed.admin.token, json: { name: 'clash-b' } });
    expectProblem(await client.patch(`/api/channels/${other.body.id}`, { token: staffed.admin.token, json: { name: 'clash-a' } }), 409, 'conflict');
    const now = await client.get<Server>(`/api/servers/${staffed.server.id}`, { token: staffed.admin.token });
    expect(now.body.channels.filter((channel) => channel.name.startsWith('clash-')).map((channel) => channel.name).sort()).toEqual([
      'clash-a',
      'clash-b',
    ]);
  });

  it('refuses a reorder naming a channel of another server, missing one or repeating one, and keeps the order', async () => {
    const other = await staffedServer(server.url, 'bad2');
    const current = await client.get<Server>(`/api/servers/${staffed.server.id}`, { token: staffed.admin.token });
    const ids = current.body.channels.map((channel) => channel.id);
    const path = `/api/servers/${staffed.server.id}/channels/order`;
    for (const channelIds of [[...ids, other.general], [...ids.slice(0, -1), other.general], ids.slice(1), [...ids, ids[0] as string], [...ids.slice(1), ids[1] as string]]) {
      expectProblem(await client.put(path, { token: staffed.admin.token, json: { channelIds } }), 400, 'invalid_input', 'channelIds');
    }
    const after = await client.get<Server>(`/api/servers/${staffed.server.id}`, { token: staffed.admin.token });
    expect(after.body.channels.map((channel) => channel.id)).toEqual(ids);
  });

  it.each([-1, 21_601, 1.5, '10', null])('refuses slowModeSeconds %o', async (slowModeSeconds) => {
    expectProblem(
      await client.patch(`/api/channels/${staffed.general}`, { token: staffed.admin.token, json: { slowModeSeconds } }),
      400,
      'invalid_input',
      'slowModeSeconds',
    );
    const now = await client.get<Server>(`/api/servers/${staffed.server.id}`, { token: staffed.admin.token });
    expect(now.body.channels.find((channel) => channel.id === staffed.general)?.slowModeSeconds).toBe(0);
  });

  it('refuses to delete the last channel of a server', async () => {
    const lonely = await staffedServer(server.url, 'bad3');
    expectProblem(await client.delete(`/api/channels/${lonely.general}`, { token: lonely.owner.token }), 409, 'conflict');
  });
});

describe('members', () => {
  it.each([-1, 2_419_201, 1.5, '60'])('refuses timeoutSeconds %o', async (timeoutSeconds) => {
    expectProblem(
      await client.patch(memberPath(staffed.member.id), { token: staffed.moderator.token, json: { timeoutSeconds } }),
      400,
      'invalid_input',
      'timeoutSeconds',
    );
  });

  it('refuses a body with neither role nor timeoutSeconds, and a role that does not exist', async () => {
    expectProblem(await client.patch(memberPath(staffed.member.id), { token: staffed.owner.token, json: { reason: 'why not' } }), 400, 'invalid_input');
    expectProblem(await client.patch(memberPath(staffed.member.id), { token: staffed.owner.token, json: { role: 'owner' } }), 400, 'invalid_input', 'role');
  });

  it('answers 404 for a user who is no member: role, time-out, kick, unban', async () => {
    expectProblem(await client.patch(memberPath('u_nobody'), { token: staffed.owner.token, json: { role: 'moderator' } }), 404, 'not_found');
    expectProblem(await client.patch(memberPath('u_nobody'), { token: staffed.owner.token, json: { timeoutSeconds: 60 } }), 404, 'not_found');
    expectProblem(await client.delete(memberPath('u_nobody'), { token: staffed.owner.token }), 404, 'not_found');
    expectProblem(await client.delete(banPath('u_nobody'), { token: staffed.owner.token }), 404, 'not_found');
  });
});
