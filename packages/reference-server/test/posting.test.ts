import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { fullHistory } from './support/full-history.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
    HEARTH_HTTP_WRITES_PER_MINUTE: '100000',
  });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

const EACH = 40;

describe('one post for both transports', () => {
  it('gives concurrent REST and socket posts to one channel one gap-free seq and the same message frames', async () => {
    const { alice, bob, carol, general } = community;
    const [sender, listener] = await Promise.all([pool.connect(alice.token), pool.connect(carol.token)]);
    const texts: string[] = [];
    listener.ws.on('message', (data) => texts.push((data as Buffer).toString('utf8')));
    const { lastSeq: before } = await listener.subscribe(general);

    const client = api(server.url, { token: bob.token });
    const overRest = Array.from({ length: EACH }, (_, index) =>
      client.post<Message>(`/api/channels/${general}/messages`, { json: { content: `rest ${index}`, clientId: `rest-${index}` } }),
    );
    for (let index = 0; index < EACH; index++) {
      sender.send({ type: 'send', channelId: general, clientId: `socket-${index}`, content: `socket ${index}` });
    }
    const restPosted = (await Promise.all(overRest)).map((res) => {
      expect(res.status).toBe(201);
      return res.body;
    });
    await sender.waitForCount('ack', EACH);
    const socketPosted = sender.all('ack').map((ack) => ack.message);
    await listener.waitForCount('message', 2 * EACH);

    // One seq for both: every seq after the start taken once, in delivery order.
    const delivered = listener.all('message').map((frame) => frame.message);
    expect(delivered.map((message) => message.seq)).toEqual(Array.from({ length: 2 * EACH }, (_, index) => before + 1 + index));
    // One socket's sends take seqs in the order it sent them.
    expect(socketPosted.map((message) => message.content)).toEqual(Array.from({ length: EACH }, (_, index) => `socket ${index}`));
    expect(socketPosted.map((message) => message.seq)).toEqual([...socketPosted.map((message) => message.seq)].sort((a, b) => a - b));

    // The subscriber gets the very frame text for a message, whichever transport posted it.
    const frameTextOf = new Map(
      texts
        .map((text) => JSON.parse(text) as { type: string; message?: Message })
        .flatMap((frame, index) => (frame.type === 'message' && frame.message ? [[frame.message.id, texts[index]] as const] : [])),
    );
    for (const message of [...restPosted, ...socketPosted]) {
      expect(frameTextOf.get(message.id)).toBe(JSON.stringify({ type: 'message', message }));
    }
    const [fromRest] = restPosted;
    const [fromSocket] = socketPosted;
    expect(Object.keys(fromRest ?? {})).toEqual(Object.keys(fromSocket ?? {}));

    // And what was delivered is what was stored.
    const stored = (await fullHistory(server.url, general, alice.token)).filter((message) => message.seq > before);
    expect(stored).toEqual(delivered);
  });
});
