import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Invite, Message } from '../src/domain/types.js';
import { type ApiResponse, api } from './support/api.js';
import type { Member } from './support/community.js';
import { type StaffedServer, join, newUser, staffedServer } from './support/staff.js';
import { type TestServer, startTestServer } from './support/test-server.js';

// One server per engine for the whole table (each vitest project runs this file on its engine).
let server: TestServer;
let staffed: StaffedServer;
let hidden: StaffedServer;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000', HEARTH_USER_MESSAGES_PER_WINDOW: '100000' });
  client = api(server.url);
  [staffed, hidden] = await Promise.all([staffedServer(server.url, 'perm'), staffedServer(server.url, 'hide', 'private')]);
});
afterAll(() => server.stop());

type ActingRole = 'stranger' | 'member' | 'moderator' | 'admin';

/**
 * One action of the table: the lowest role that may take it, and the request, made on a target of
 * its own (`prepare`, done by the owner beforehand) so that a success leaves the next attempt its own.
 */
interface Action {
  name: string;
  lowest: Exclude<ActingRole, 'stranger' | 'member'>;
  expected: number;
  prepare(on: StaffedServer): Promise<string>;
  run(on: StaffedServer, actor: Member, target: string): Promise<ApiResponse>;
}

let counter = 0;
const unique = (stem: string) => `${stem}-${++counter}`;

/** A plain member of the server, made for one attempt. */
async function freshMember(on: StaffedServer): Promise<string> {
  const user = await newUser('perm', 'Target');
  if (on.server.visibility === 'public') await join(server.url, on.server.id, user);
  else await client.post(`/api/servers/${on.server.id}/members`, { token: on.owner.token, json: { userId: user.id } });
  return user.id;
}

const ACTIONS: Action[] = [
  {
    name: 'update the server',
    lowest: 'admin',
    expected: 200,
    prepare: async () => unique('About us'),
    run: (on, actor, description) => client.patch(`/api/servers/${on.server.id}`, { token: actor.token, json: { description } }),
  },
  {
    name: 'create a channel',
    lowest: 'admin',
    expected: 201,
    prepare: async () => unique('room'),
    run: (on, actor, name) => client.post(`/api/servers/${on.server.id}/channels`, { token: actor.token, json: { name } }),
  },
  {
    name: 'update a channel',
    lowest: 'admin',
    expected: 200,
    prepare: async (on) => on.general,
    run: (_on, actor, channelId) => client.patch(`/api/channels/${channelId}`, { token: actor.token, json: { topic: unique('Topic') } }),
  },
  {
    name: 'delete a channel',
    lowest: 'admin',
    expected: 204,
    prepare: async (on) => {
      const res = await client.post<Channel>(`/api/servers/${on.server.id}/channels`, { token: on.owner.token, json: { name: unique('doomed') } });
      return res.body.id;
    },
    run: (_on, actor, channelId) => client.delete(`/api/channels/${channelId}`, { token: actor.token }),
  },
  {
    name: 'reorder channels',
    lowest: 'admin',
    expected: 200,
    prepare: async (on) => {
      const res = await client.get<{ channels: Channel[] }>(`/api/servers/${on.server.id}`, { token: on.owner.token });
      return JSON.stringify(res.body.channels.map((channel) => channel.id).reverse());
    },
    run: (on, actor, order) =>
      client.put(`/api/servers/${on.server.id}/channels/order`, { token: actor.token, json: { channelIds: JSON.parse(order) as string[] } }),
  },
  {
    name: 'set a role',
    lowest: 'admin',
    expected: 200,
    prepare: freshMember,
    run: (on, actor, userId) => client.patch(`/api/servers/${on.server.id}/members/${userId}`, { token: actor.token, json: { role: 'moderator' } }),
  },
  {
    name: 'time out',
    lowest: 'moderator',
    expected: 200,
    prepare: freshMember,
    run: (on, actor, userId) =>
      client.patch(`/api/servers/${on.server.id}/members/${userId}`, { token: actor.token, json: { timeoutSeconds: 60, reason: 'cool down' } }),
  },
  {
    name: 'kick',
    lowest: 'moderator',
    expected: 204,
    prepare: freshMember,
    run: (on, actor, userId) => client.delete(`/api/servers/${on.server.id}/members/${userId}?reason=bye`, { token: actor.token }),
  },
  {
    name: 'ban',
    lowest: 'admin',
    expected: 200,
    prepare: freshMember,
    run: (on, actor, userId) => client.put(`/api/servers/${on.server.id}/bans/${userId}`, { token: actor.token, json: { reason: 'spam' } }),
  },
  {
    name: 'unban',
    lowest: 'admin',
    expected: 204,
    prepare: async (on) => {
      const userId = await freshMember(on);
      await client.put(`/api/servers/${on.server.id}/bans/${userId}`, { token: on.owner.token });
      return userId;
    },
    run: (on, actor, userId) => client.delete(`/api/servers/${on.server.id}/bans/${userId}`, { token: actor.token }),
  },
  {
    name: 'list bans',
    lowest: 'admin',
    expected: 200,
    prepare: async () => '',
    run: (on, actor) => client.get(`/api/servers/${on.server.id}/bans`, { token: actor.token }),
  },
  {
    name: 'create an invite',
    lowest: 'admin',
    expected: 201,
    prepare: async () => '',
    run: (on, actor) => client.post(`/api/servers/${on.server.id}/invites`, { token: actor.token, json: { maxUses: 5 } }),
  },
  {
    name: 'list invites',
    lowest: 'admin',
    expected: 200,
    prepare: async () => '',
    run: (on, actor) => client.get(`/api/servers/${on.server.id}/invites`, { token: actor.token }),
  },
  {
    name: 'revoke an invite',
    lowest: 'admin',
    expected: 204,
    prepare: async (on) => (await client.post<Invite>(`/api/servers/${on.server.id}/invites`, { token: on.owner.token })).body.code,
    run: (on, actor, code) => client.delete(`/api/servers/${on.server.id}/invites/${code}`, { token: actor.token }),
  },
  {
    name: 'read the audit log',
    lowest: 'admin',
    expected: 200,
    prepare: async () => '',
    run: (on, actor) => client.get(`/api/servers/${on.server.id}/audit-log`, { token: actor.token }),
  },
  {
    name: "delete another's message",
    lowest: 'moderator',
    expected: 200,
    prepare: async (on) => {
      const author = await newUser('perm', 'Author');
      if (on.server.visibility === 'public') await join(server.url, on.server.id, author);
      else await client.post(`/api/servers/${on.server.id}/members`, { token: on.owner.token, json: { userId: author.id } });
      const posted = await client.post<Message>(`/api/channels/${on.general}/messages`, { token: author.token, json: { content: unique('hello') } });
      return posted.body.id;
    },
    run: (on, actor, messageId) => client.delete(`/api/channels/${on.general}/messages/${messageId}`, { token: actor.token }),
  },
];

const RANK: Record<ActingRole, number> = { stranger: -1, member: 0, moderator: 1, admin: 2 };

/** What the owner sees of the server: its fields and channels, members, bans, invites, audit log and general's history. */
async function snapshot(on: StaffedServer): Promise<string> {
  const token = on.owner.token;
  const id = on.server.id;
  const parts = await Promise.all([
    client.get(`/api/servers/${id}`, { token }),
    client.get(`/api/servers/${id}/members?limit=100`, { token }),
    client.get(`/api/servers/${id}/bans`, { token }),
    client.get(`/api/servers/${id}/invites`, { token }),
    client.get(`/api/servers/${id}/audit-log?limit=100`, { token }),
    client.get(`/api/channels/${on.general}/messages?limit=100`, { token }),
  ]);
  return JSON.stringify(parts.map((part) => part.body));
}

describe('roles × actions: every role below the one required is refused and changes nothing', () => {
  it.each(ACTIONS.map((action) => [action.name, action] as const))('%s', async (_name, action) => {
    const target = await action.prepare(staffed);
    const before = await snapshot(staffed);
    for (const role of (['stranger', 'member', 'moderator', 'admin'] as const).filter((each) => RANK[each] < RANK[action.lowest])) {
      const refused = await action.run(staffed, staffed[role], target);
      expect({ role, status: refused.status, code: (refused.body as { code?: string }).code }).toEqual({
        role,
        status: 403,
        code: role === 'stranger' ? expect.stringMatching(/^(forbidden|not_member)$/) : 'forbidden',
      });
    }
    expect(await snapshot(staffed)).toBe(before);

    const allowed = await action.run(staffed, staffed[action.lowest], target);
    expect({ status: allowed.status, body: allowed.text }).toMatchObject({ status: action.expected });
  });

  it.each(ACTIONS.map((action) => [action.name, action] as const))('%s: a non-member of a private server gets 404', async (_name, action) => {
    const target = await action.prepare(hidden);
    const before = await snapshot(hidden);
    const refused = await action.run(hidden, hidden.stranger, target);
    expect(refused.status).toBe(404);
    expect(await snapshot(hidden)).toBe(before);
  });

  it('the audit log holds an entry for each action that succeeded, by whom it was taken', async () => {
    const log = await client.get<{ entries: Array<{ action: string; actor: { id: string } }> }>(
      `/api/servers/${staffed.server.id}/audit-log?limit=100`,
      { token: staffed.owner.token },
    );
    const actions = new Set(log.body.entries.map((entry) => entry.action));
    for (const action of [
      'server_update',
      'channel_create',
      'channel_update',
      'channel_delete',
      'channel_reorder',
      'member_role',
      'member_timeout',
      'member_kick',
      'member_ban',
      'member_unban',
      'invite_create',
      'invite_revoke',
      'message_delete',
    ]) {
      expect(actions).toContain(action);
    }
    const deletion = log.body.entries.find((entry) => entry.action === 'message_delete');
    expect(deletion?.actor.id).toBe(staffed.moderator.id);
  });
});
