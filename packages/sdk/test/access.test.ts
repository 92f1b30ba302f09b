import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatSocketError, isPending } from '../src/index.js';
import { SocketProxy } from './socket-proxy.js';
import {
  type Community,
  type TestServer,
  TEST_CATEGORY,
  closeClients,
  createCommunity,
  nodeClient,
  startTestServer,
  until,
} from './support.js';

let server: TestServer;
let community: Community;
const proxies: SocketProxy[] = [];

beforeAll(async () => {
  server = await startTestServer({ HEARTH_FRAMES_PER_SECOND: '1000', HEARTH_FRAME_BURST: '1000' });
  community = await createCommunity(server);
});
afterEach(async () => {
  closeClients();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(() => server.stop());

/** A new private server of Alice's with Bob added; its id and first channel. */
async function privateServerWithBob(): Promise<{ serverId: string; channelId: string }> {
  const owner = { authorization: `Bearer ${community.alice.token}`, 'content-type': 'application/json' };
  const created = await fetch(`${server.url}/api/servers`, {
    method: 'POST',
    headers: owner,
    body: JSON.stringify({ name: 'Inner circle', categoryId: TEST_CATEGORY, visibility: 'private' }),
  });
  const body = (await created.json()) as { id: string; channels: Array<{ id: string }> };
  const added = await fetch(`${server.url}/api/servers/${body.id}/members`, {
    method: 'POST',
    headers: owner,
    body: JSON.stringify({ userId: community.bob.id }),
  });
  expect(added.status).toBe(201);
  return { serverId: body.id, channelId: body.channels[0]?.id as string };
}

describe('access revoked by the server', () => {
  it('puts the channel in error with access_revoked and fails its pending sends when the user leaves a private server', async () => {
    const { serverId, channelId } = await privateServerWithBob();
    const proxy = await SocketProxy.start(server.socketUrl);
    proxies.push(proxy);
    const chat = nodeClient(server.url, { token: community.bob.token, socketUrl: proxy.url });
    const reported: Error[] = [];
    chat.on('error', (error) => reported.push(error));
    const channel = chat.channel(channelId);
    const unbind = channel.$messages.listen(() => {});
    await until(channel.$status, (status) => status.state === 'ready');
    await until(chat.$connection, (state) => state === 'open');

    // The server's answers to the send are withheld, so it is still pending when access ends.
    proxy.filter = (frame) => !['ack', 'message', 'error'].includes(frame.type);
    const sending = channel.send('sent just before leaving');
    const settled = sending.then(
      () => undefined,
      (error: unknown) => error,
    );
    await chat.$memberships.leave(serverId);

    const status = await until(channel.$status, (value) => value.state === 'error');
    expect(status.error).toBeInstanceOf(ChatSocketError);
    expect(status.error).toMatchObject({ code: 'access_revoked', ref: channelId });
    const failure = await settled;
    expect(failure).toBeInstanceOf(ChatSocketError);
    expect(failure).toMatchObject({ code: 'access_revoked' });
    const row = channel.$messages.get().find((message) => message.content === 'sent just before leaving');
    expect(row && isPending(row) && row.state).toBe('failed');
    expect(reported.some((error) => error instanceof ChatSocketError && error.code === 'access_revoked')).toBe(true);
    unbind();
  });
});
