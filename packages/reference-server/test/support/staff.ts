import type { Membership, Server } from '../../src/domain/types.js';
import { api } from './api.js';
import type { Member } from './community.js';
import { TEST_CATEGORY } from './test-server.js';
import { tokenFor } from './tokens.js';

/** A server with one user of each role, and a user who is no member. */
export interface StaffedServer {
  server: Server;
  /** The id of its first channel. */
  general: string;
  owner: Member;
  admin: Member;
  moderator: Member;
  member: Member;
  stranger: Member;
}

let serial = 0;

/** A new user with a token; `prefix` keeps the users of one test file apart from another's. */
export async function newUser(prefix: string, name: string): Promise<Member> {
  const user = { id: `${prefix}_${name.toLowerCase()}_${++serial}`, name };
  return { ...user, token: await tokenFor(user) };
}

/** `user` joins the server (a public one) through the REST API. */
export async function join(baseUrl: string, serverId: string, user: Member): Promise<Membership> {
  const res = await api(baseUrl).post<Membership>(`/api/servers/${serverId}/members`, { token: user.token });
  if (res.status !== 201) throw new Error(`could not join: ${res.text}`);
  return res.body;
}

/** The owner gives `user` (a member) a role. */
export async function giveRole(baseUrl: string, serverId: string, owner: Member, user: Member, role: 'admin' | 'moderator' | 'member') {
  const res = await api(baseUrl).patch(`/api/servers/${serverId}/members/${user.id}`, { token: owner.token, json: { role } });
  if (res.status !== 200) throw new Error(`could not give ${user.id} the role ${role}: ${res.text}`);
}

/**
 * Creates a server (public unless told otherwise) whose owner names an admin and a moderator; a
 * plain member joins it (added by the owner, for a private one) and a stranger stays out.
 */
export async function staffedServer(
  baseUrl: string,
  prefix: string,
  visibility: 'public' | 'private' = 'public',
): Promise<StaffedServer> {
  const [owner, admin, moderator, member, stranger] = await Promise.all(
    ['Owner', 'Admin', 'Moderator', 'Member', 'Stranger'].map((name) => newUser(prefix, name)),
  );
  const client = api(baseUrl);
  const created = await client.post<Server>('/api/servers', {
    token: (owner as Member).token,
    json: { name: `Staffed ${++serial}`, categoryId: TEST_CATEGORY, visibility },
  });
  if (created.status !== 201) throw new Error(`could not create a server: ${created.text}`);
  const server = created.body;
  for (const user of [admin, moderator, member] as Member[]) {
    const added = await client.post(`/api/servers/${server.id}/members`, {
      token: (visibility === 'public' ? user : owner)?.token,
      ...(visibility === 'private' && { json: { userId: user.id } }),
    });
    if (added.status !== 201) throw new Error(`could not add ${user.id}: ${added.text}`);
  }
  await giveRole(baseUrl, server.id, owner as Member, admin as Member, 'admin');
  await giveRole(baseUrl, server.id, owner as Member, moderator as Member, 'moderator');
  return {
    server,
    general: server.channels[0]?.id as string,
    owner: owner as Member,
    admin: admin as Member,
    moderator: moderator as Member,
    member: member as Member,
    stranger: stranger as Member,
  };
}
