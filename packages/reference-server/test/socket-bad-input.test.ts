import { CloseCode, MAX_CONTENT_LENGTH, type Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';
import { tokenFor, unsignedToken } from './support/tokens.js';

const FRAME_BURST = 30;

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

const raw = (options: { origin?: string } = {}) => pool.raw(options);

/** The socket still answers: a `ping` gets its `pong`. */
async function expectAlive(socket: TestSocket): Promise<void> {
  const pongs = socket.all('pong').length;
  socket.send({ type: 'ping' });
  await socket.waitForCount('pong', pongs + 1, 2000);
}

async function storedContents(channelId: string): Promise<string[]> {
  const page = await api(server.url).get<{ messages: Message[] }>(`/api/channels/${channelId}/messages?limit=100`, {
    token: community.alice.token,
  });
  return page.body.messages.map((message) => message.content);
}

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_HELLO_TIMEOUT_MS: '300',
    HEARTH_MAX_PAYLOAD_BYTES: '16384',
    HEARTH_FRAMES_PER_SECOND: '10',
    HEARTH_FRAME_BURST: String(FRAME_BURST),
    HEARTH_ORIGINS: 'https://allowed.example',
  });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

describe('bad frames get an error frame and the connection lives on', () => {
  it('answers text that is not JSON with invalid_json', async () => {
    const socket = await connect(community.bob.token);
    socket.sendRaw('{"type": "send", oops');
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_json' });
    await expectAlive(socket);
  });

  it('answers an unknown frame type with invalid_frame naming the type field', async () => {
    const socket = await connect(community.bob.token);
    socket.sendRaw(JSON.stringify({ type: 'shout', channelId: community.general }));
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame', field: 'type' });
    socket.sendRaw(JSON.stringify([1, 2, 3]));
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    await expectAlive(socket);
  });

  it('answers a missing or mistyped field with invalid_frame naming the field', async () => {
    const socket = await connect(community.bob.token);
    socket.sendRaw(JSON.stringify({ type: 'send', channelId: community.general, content: 'no client id' }));
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame', field: 'clientId', ref: community.general });
    socket.sendRaw(JSON.stringify({ type: 'send', channelId: community.general, clientId: 'typed', content: 42 }));
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame', field: 'content', ref: 'typed' });
    socket.sendRaw(JSON.stringify({ type: 'subscribe', channelId: community.general, afterSeq: -1 }));
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame', field: 'afterSeq' });
    await expectAlive(socket);
  });

  it('refuses empty content with invalid_input and stores nothing', async () => {
    const socket = await connect(community.bob.token);
    socket.send({ type: 'send', channelId: community.general, clientId: 'empty-1', content: '   ' });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_input', field: 'content', ref: 'empty-1' });
    await expectAlive(socket);
    expect(await storedContents(community.general)).not.toContain('   ');
  });

  it('refuses content over the limit with content_too_long and stores nothing', async () => {
    const socket = await connect(community.bob.token);
    const content = 'x'.repeat(MAX_CONTENT_LENGTH + 1);
    socket.send({ type: 'send', channelId: community.general, clientId: 'long-1', content });
    expect(await socket.next('error')).toMatchObject({ code: 'content_too_long', ref: 'long-1' });
    socket.send({ type: 'send', channelId: community.general, clientId: 'long-2', content: 'y'.repeat(MAX_CONTENT_LENGTH) });
    expect((await socket.next('ack')).message.content).toHaveLength(MAX_CONTENT_LENGTH);
    expect(await storedContents(community.general)).not.toContain(content);
  });

  it('answers subscribing to an unknown channel or a private one with unknown_channel', async () => {
    const socket = await connect(community.carol.token);
    socket.send({ type: 'subscribe', channelId: 'c_nope' });
    expect(await socket.next('error')).toMatchObject({ code: 'unknown_channel', ref: 'c_nope' });
    socket.send({ type: 'subscribe', channelId: community.secret });
    expect(await socket.next('error')).toMatchObject({ code: 'unknown_channel', ref: community.secret });
    await expectAlive(socket);
  });

  it('refuses a send from a non-member with not_member and keeps the socket open', async () => {
    const socket = await connect(community.carol.token);
    await socket.subscribe(community.general);
    socket.send({ type: 'send', channelId: community.general, clientId: 'stranger-1', content: 'let me in' });
    expect(await socket.next('error')).toMatchObject({ code: 'not_member', ref: 'stranger-1' });
    await expectAlive(socket);
    expect(await storedContents(community.general)).not.toContain('let me in');
  });

  it('answers a second hello with invalid_frame', async () => {
    const socket = await connect(community.bob.token);
    socket.send({ type: 'hello', token: community.bob.token, protocol: 1 });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    await expectAlive(socket);
  });
});

describe('abuse closes the connection with a standard code', () => {
  it('closes on a binary frame with 1003', async () => {
    const socket = await connect(community.bob.token);
    socket.sendRaw(Buffer.from([1, 2, 3]));
    expect((await socket.closed).code).toBe(CloseCode.unsupportedData);
  });

  it('closes on a frame over maxPayload with 1009', async () => {
    const socket = await connect(community.bob.token);
    socket.sendRaw(JSON.stringify({ type: 'send', channelId: community.general, clientId: 'big', content: 'z'.repeat(20_000) }));
    expect((await socket.closed).code).toBe(CloseCode.messageTooBig);
  });

  it('closes with 4401 when no hello comes within the deadline', async () => {
    const socket = raw();
    await socket.open();
    expect((await socket.closed).code).toBe(CloseCode.tokenInvalid);
  });

  it('closes with 4401 when the first frame is not hello', async () => {
    const socket = raw();
    await socket.open();
    socket.send({ type: 'subscribe', channelId: community.general });
    expect((await socket.closed).code).toBe(CloseCode.tokenInvalid);
  });

  it('closes with 1008 on an unsupported protocol version', async () => {
    const socket = raw();
    await socket.open();
    socket.sendRaw(JSON.stringify({ type: 'hello', token: community.bob.token, protocol: 2 }));
    expect((await socket.closed).code).toBe(CloseCode.policyViolation);
  });

  it.each([
    ['forged', () => tokenFor(community.bob, { secret: 'another-secret-that-is-long-enough-to-sign' })],
    ['expired', () => tokenFor(community.bob, { expiresIn: Math.floor(Date.now() / 1000) - 10 })],
    ['alg:none', async () => unsignedToken(community.bob)],
    ['garbage', async () => 'not-a-jwt'],
  ])('closes with 4401 on a %s token', async (_kind, makeToken) => {
    const socket = raw();
    await socket.open();
    socket.send({ type: 'hello', token: await makeToken(), protocol: 1 });
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.tokenInvalid);
    expect(socket.all('ready')).toHaveLength(0);
  });

  it('closes with 4401 when the token expires during the connection', async () => {
    const token = await tokenFor(community.bob, { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const socket = await connect(token);
    const closed = await socket.closed;
    expect(closed).toEqual({ code: CloseCode.tokenInvalid, reason: 'token expired' });
  });

  it('refuses the upgrade from an origin outside the allow-list, and accepts an allowed one', async () => {
    const foreign = raw({ origin: 'https://evil.example' });
    await expect(foreign.open()).rejects.toThrow(/403/);
    const allowed = raw({ origin: 'https://allowed.example' });
    await allowed.open();
    allowed.send({ type: 'hello', token: community.bob.token, protocol: 1 });
    await allowed.next('ready');
  });

  it('rate limits a flood with rate_limited errors, then closes it with 4429, while others are unaffected', async () => {
    const flooder = await connect(community.bob.token);
    const bystander = await connect(community.alice.token);
    await bystander.subscribe(community.general);
    for (let index = 0; index < FRAME_BURST * 3; index++) {
      flooder.send({ type: 'send', channelId: community.general, clientId: `flood-${index}`, content: `flood ${index}` });
    }
    const closed = await flooder.closed;
    expect(closed.code).toBe(CloseCode.flood);
    const limited = flooder.all('error').filter((frame) => frame.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.retryAfterMs).toBeGreaterThan(0);
    // Every send was either stored (acked) or refused with its clientId; none vanished silently.
    const answered = new Set([...flooder.all('ack').map((f) => f.clientId), ...limited.map((f) => f.ref)]);
    const acked = flooder.all('ack').length;
    expect(acked).toBeGreaterThan(0);
    expect(acked).toBeLessThanOrEqual(FRAME_BURST + 5);
    expect(answered.size).toBeGreaterThan(FRAME_BURST);

    bystander.send({ type: 'send', channelId: community.general, clientId: 'bystander-1', content: 'still here' });
    expect((await bystander.next('ack')).message.content).toBe('still here');
  });
});

describe('other clients keep being served', () => {
  it('delivers normally to a well-behaved client after every kind of bad input above', async () => {
    const [sender, listener] = await Promise.all([connect(community.alice.token), connect(community.bob.token)]);
    await listener.subscribe(community.general);
    sender.send({ type: 'send', channelId: community.general, clientId: 'after-abuse', content: 'all good' });
    const ack = await sender.next('ack');
    expect((await listener.next('message', (frame) => frame.message.id === ack.message.id)).message.content).toBe('all good');
  });
});
