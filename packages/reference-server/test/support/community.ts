import type { Channel, Server } from '../../src/domain/types.js';
import { api } from './api.js';
import { TEST_CATEGORY, type TestServer } from './test-server.js';
import { type TestUser, tokenFor } from './tokens.js';

/** A user of the test community with a valid token. */
export interface Member extends TestUser {
  token: string;
}

/** A small community: Alice owns a public and a private server, Bob joined the public one, Carol is a stranger. */
export interface Community {
  alice: Member;
  bob: Member;
  carol: Member;
  publicServer: Server;
  general: string;
  random: string;
  privateServer: Server;
  secret: string;
}

async function member(id: string, name: string): Promise<Member> {
  const user = { id, name };
  return { ...user, token: await tokenFor(user) };
}

/** Creates the {@link Community} through the REST API of `server`. */
export async function createCommunity(server: Pick<TestServer, 'url'>, prefix = 'u'): Promise<Community> {
  const [alice, bob, carol] = await Promise.all([
    member(`${prefix}_alice`, 'Alice'),
    member(`${prefix}_bob`, 'Bob'),
    member(`${prefix}_carol`, 'Carol'),
  ]);
  const client = api(server.url);
  const created = await client.post<Server>('/api/servers', {
    token: alice.token,
    json: { name: 'Open house', description: 'Everyone welcome', categoryId: TEST_CATEGORY },
  });
  if (created.status !== 201) throw new Error(`could not create a server: ${created.text}`);
  const publicServer = created.body;
  await client.post(`/api/servers/${publicServer.id}/members`, { token: bob.token });
  const random = await client.post<Channel>(`/api/servers/${publicServer.id}/channels`, {
    token: alice.token,
    json: { name: 'random', topic: 'Off topic' },
  });
  const hidden = await client.post<Server>('/api/servers', {
    token: alice.token,
    json: { name: 'Back room', categoryId: TEST_CATEGORY, visibility: 'private' },
  });
  const general = publicServer.channels[0]?.id;
  const secret = hidden.body.channels[0]?.id;
  if (!general || !secret) throw new Error('new servers should come with a first channel');
  return { alice, bob, carol, publicServer, general, random: random.body.id, privateServer: hidden.body, secret };
}
