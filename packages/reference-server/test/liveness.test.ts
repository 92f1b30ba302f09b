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
});
