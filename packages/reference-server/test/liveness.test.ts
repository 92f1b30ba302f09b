import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type Community, createCommunity } from './support/community.js';
import { TestSocket } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_HEARTBEAT_MS: '150',
    HEARTH_MAX_BUFFERED_BYTES: '16384',
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
  });
  community = await createCommunity(server);
});
afterAll(() => server.stop());

describe('dead and slow peers', () => {
  it('terminates a peer that stops answering pings', async () => {
    const silent = new WebSocket(server.socketUrl, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve) => silent.once('open', resolve));
    silent.send(JSON.stringify({ type: 'hello', token: community.bob.token, protocol: 1 }));
    // Terminated without a closing handshake: the client sees 1006.
    expect(await closed).toBe(1006);
  });

  it('keeps a peer that answers pings', async () => {
    const socket = await TestSocket.connect(server.socketUrl, community.bob.token);
    await new Promise((resolve) => setTimeout(resolve, 600));
    socket.send({ type: 'ping' });
    await socket.next('pong');
    await socket.close();
  });

  it('drops a subscriber that stops reading instead of buffering for it, and keeps serving the others', async () => {
    const stalled = await TestSocket.connect(server.socketUrl, community.bob.token);
    await stalled.subscribe(community.general);
    const healthy = await TestSocket.connect(server.socketUrl, community.bob.token);
    await healthy.subscribe(community.general);
    const sender = await TestSocket.connect(server.socketUrl, community.alice.token);
    // The stalled client stops reading: the server's send buffer for it can only grow.
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();

    const content = 'x'.repeat(MAX_CONTENT_LENGTH);
    const connected = server.connections;
    // Loopback socket buffers can absorb megabytes before the server's own buffer grows, so keep
    // sending until the server lets go of the stalled socket (bounded: at most 40 MB).
    let sent = 0;
    for (let round = 0; round < 20 && server.connections === connected; round++) {
      for (let index = 0; index < 500; index++, sent++) {
        sender.send({ type: 'send', channelId: community.general, clientId: `bulk-${sent}`, content });
      }
      await sender.waitForCount('ack', sent, 30_000);
    }
    await healthy.waitForCount('message', sent, 30_000);
    expect(server.connections).toBe(connected - 1);

    (stalled.ws as unknown as { _socket: Socket })._socket.resume();
    const closed = await stalled.closed;
    expect(closed.code).toBe(1006);
    expect(stalled.all('message').length).toBeLessThan(sent);
    await Promise.all([healthy.close(), sender.close()]);
  });
});
