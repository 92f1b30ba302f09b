import { request } from 'node:http';
import { CloseCode, type Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { fullHistory } from './support/full-history.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

const SOCKETS_PER_USER = 3;
const SOCKETS_PER_ADDRESS = 8;
const USER_MESSAGES = 30;

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_SOCKETS_PER_USER: String(SOCKETS_PER_USER),
    HEARTH_SOCKETS_PER_ADDRESS: String(SOCKETS_PER_ADDRESS),
    HEARTH_USER_MESSAGES_PER_WINDOW: String(USER_MESSAGES),
    // Long enough that no window ends during a test.
    HEARTH_USER_MESSAGE_WINDOW_MS: '600000',
    HEARTH_FRAMES_PER_SECOND: '10000',
    HEARTH_FRAME_BURST: '10000',
    HEARTH_HTTP_WRITES_PER_MINUTE: '100000',
  });
  community = await createCommunity(server);
});
afterEach(async () => {
  await pool.closeAll();
  await serverReleased(0);
});
afterAll(() => server.stop());

/** Resolves once the server itself has let go of all but `open` sockets. */
const serverReleased = (open: number) => vi.waitFor(() => expect(server.connections).toBeLessThanOrEqual(open));

const opened = async (socket: TestSocket) => {
  await socket.open();
  return socket;
};

describe('sockets per address', () => {
  it('closes every socket past the cap of one address with 4409 at once, and takes new ones as others close', async () => {
    const accepted = await Promise.all(Array.from({ length: SOCKETS_PER_ADDRESS }, () => opened(pool.raw())));
    const refused = await Promise.all(Array.from({ length: 5 }, () => opened(pool.raw())));
    for (const socket of refused) {
      expect(await socket.closed).toEqual({ code: CloseCode.tooManySockets, reason: 'too many sockets from this address' });
    }
    for (const socket of accepted) expect(socket.ws.readyState).toBe(socket.ws.OPEN);

    await accepted[0]?.close();
    await serverReleased(SOCKETS_PER_ADDRESS - 1);
    const replacement = await pool.connect(community.carol.token);
    replacement.send({ type: 'ping' });
    await replacement.next('pong');
  });

  it('does not count upgrades whose WebSocket handshake failed', async () => {
    const failedHandshake = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}/ws`, {
          headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '99', 'sec-websocket-key': 'bad' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    for (let attempt = 0; attempt < SOCKETS_PER_ADDRESS + 2; attempt++) expect(await failedHandshake()).toBe(400);
    const sockets = await Promise.all(Array.from({ length: SOCKETS_PER_ADDRESS }, () => opened(pool.raw())));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const socket of sockets) expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});

describe('sockets per user', () => {
  it('closes a user’s socket past the cap with 4409 after hello, and leaves other users alone', async () => {
    const { alice, bob } = community;
    const mine = await Promise.all(Array.from({ length: SOCKETS_PER_USER }, () => pool.connect(alice.token)));
    const extra = await opened(pool.raw());
    extra.send({ type: 'hello', token: alice.token, protocol: 1 });
    expect(await extra.closed).toEqual({ code: CloseCode.tooManySockets, reason: 'too many sockets for this user' });
    expect(extra.all('ready')).toEqual([]);

    const others = await pool.connect(bob.token);
    others.send({ type: 'ping' });
    await others.next('pong');

    await mine[0]?.close();
    await serverReleased(SOCKETS_PER_USER);
    await pool.connect(alice.token);
  });
});

describe('messages per user', () => {
  it('holds a user to one message budget over all their sockets and REST, refusing the rest with rate_limited', async () => {
    const { bob, general } = community;
    const sockets = await Promise.all(Array.from({ length: SOCKETS_PER_USER }, () => pool.connect(bob.token)));
    const perSocket = 15;
    const sends = sockets.flatMap((socket, index) =>
      Array.from({ length: perSocket }, (_, turn) => {
        const clientId = `budget-${index}-${turn}`;
        socket.send({ type: 'send', channelId: general, clientId, content: clientId });
        return { socket, clientId };
      }),
    );
    const outcomes = await Promise.all(
      sends.map(({ socket, clientId }) =>
        Promise.race([
          socket.next('ack', (frame) => frame.clientId === clientId).then((frame) => frame.message),
          socket.next('error', (frame) => frame.ref === clientId),
        ]),
      ),
    );
    const acked = outcomes.filter((outcome): outcome is Message => 'seq' in outcome);
    const refusals = outcomes.filter((outcome) => !('seq' in outcome));
    expect(acked).toHaveLength(USER_MESSAGES);
    expect(refusals).toHaveLength(sends.length - USER_MESSAGES);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ type: 'error', code: 'rate_limited' });
      expect((refusal as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    }

    const overRest = await api(server.url, { token: bob.token }).post(`/api/channels/${general}/messages`, {
      json: { content: 'one more over REST', clientId: 'budget-rest' },
    });
    expect(overRest.status).toBe(429);
    expect(overRest.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(overRest.headers.get('retry-after'))).toBeGreaterThan(0);

    // The sockets stay open and other users post as before.
    for (const socket of sockets) {
      socket.send({ type: 'ping' });
      await socket.next('pong');
    }
    const alice = await pool.connect(community.alice.token);
    alice.send({ type: 'send', channelId: general, clientId: 'other-user', content: 'not limited' });
    await alice.next('ack');

    const stored = (await fullHistory(server.url, general, bob.token)).filter((message) => message.clientId?.startsWith('budget-'));
    expect(stored.map((message) => message.id).sort()).toEqual(acked.map((message) => message.id).sort());
  });

  it('counts edits, deletes and reactions in the same budget, over the socket and REST', async () => {
    const { bob, general } = await createCommunity(server, 'changes');
    const socket = await pool.connect(bob.token);
    socket.send({ type: 'send', channelId: general, clientId: 'changed-often', content: 'first' });
    const message = (await socket.next('ack')).message;
    for (let turn = 1; turn < USER_MESSAGES; turn++) {
      const content = `edit ${turn}`;
      socket.send({ type: 'edit', channelId: general, messageId: message.id, content });
      await socket.next('changed', (frame) => frame.message.content === content);
    }

    const refusal = { type: 'error', code: 'rate_limited', ref: message.id };
    socket.send({ type: 'edit', channelId: general, messageId: message.id, content: 'one edit too many' });
    expect(await socket.next('error')).toMatchObject(refusal);
    socket.send({ type: 'react', channelId: general, messageId: message.id, emoji: '👍' });
    expect(await socket.next('error')).toMatchObject(refusal);
    socket.send({ type: 'delete', channelId: general, messageId: message.id });
    expect(await socket.next('error')).toMatchObject(refusal);

    const rest = api(server.url, { token: bob.token });
    const path = `/api/channels/${general}/messages/${message.id}`;
    const overRest = [
      await rest.patch(path, { json: { content: 'one edit too many' } }),
      await rest.put(`${path}/reactions/${encodeURIComponent('👍')}`),
      await rest.delete(path),
    ];
    for (const response of overRest) {
      expect(response.status).toBe(429);
      expect(response.body).toMatchObject({ code: 'rate_limited' });
    }
    const [stored] = (await fullHistory(server.url, general, bob.token)).filter((each) => each.id === message.id);
    expect(stored).toMatchObject({ content: `edit ${USER_MESSAGES - 1}`, deleted: false, reactions: [] });
  });
});
