import type { Channel, Message, Server } from '../../src/domain/types.js';
import { api } from './api.js';
import type { Member } from './community.js';
import { TEST_CATEGORY } from './test-server.js';

/** A read state as the server sends it. */
export interface ReadStateBody {
  channelId: string;
  serverId: string;
  lastReadSeq: number;
  lastSeq: number;
  unread: number;
  mentions: number;
}

/** A fresh public server owned by `owner`, joined by `members`, with `extraChannels` channels beside its first. */
export async function freshServer(
  baseUrl: string,
  owner: Member,
  members: readonly Member[],
  extraChannels = 0,
): Promise<{ serverId: string; channelIds: string[] }> {
  const client = api(baseUrl);
  const created = await client.post<Server>('/api/servers', {
    token: owner.token,
    json: { name: `Reading room ${Math.random().toString(36).slice(2, 10)}`, categoryId: TEST_CATEGORY },
  });
  if (created.status !== 201) throw new Error(`could not create a server: ${created.text}`);
  const serverId = created.body.id;
  const channelIds = [created.body.channels[0]?.id as string];
  for (let index = 0; index < extraChannels; index++) {
    const channel = await client.post<Channel>(`/api/servers/${serverId}/channels`, {
      token: owner.token,
      json: { name: `room-${index}` },
    });
    channelIds.push(channel.body.id);
  }
  for (const member of members) await client.post(`/api/servers/${serverId}/members`, { token: member.token });
  return { serverId, channelIds };
}

/** Posts over REST and resolves with the stored message. */
export async function postMessage(
  baseUrl: string,
  author: Member,
  channelId: string,
  content: string,
  extra: { threadId?: string } = {},
): Promise<Message> {
  const res = await api(baseUrl).post<Message>(`/api/channels/${channelId}/messages`, { token: author.token, json: { content, ...extra } });
  if (res.status !== 201) throw new Error(`could not post: ${res.text}`);
  return res.body;
}

/** The read state of one channel among `states`. */
export function stateOf(states: readonly ReadStateBody[] | undefined, channelId: string): ReadStateBody {
  const state = states?.find((entry) => entry.channelId === channelId);
  if (!state) throw new Error(`no read state for ${channelId}`);
  return state;
}
