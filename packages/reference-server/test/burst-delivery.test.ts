import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Community, createCommunity } from './support/community.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
    HEARTH_USER_MESSAGES_PER_WINDOW: '100000',
  });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

const BURST = 120;
/** Short, 16-bit and multi-byte lengths: frames of every header size, with UTF-8 longer than its UTF-16. */
const contentOf = (index: number) => (index % 3 === 0 ? `#${index}` : `#${index} ${'🔥'.repeat(index % 3 === 1 ? 40 : 900)}`);

describe('a burst of sends', () => {
  it('reaches every subscriber complete and in order, acked in order, each message its own frame', async () => {
    const { alice, bob, general } = community;
    const [sender, listener] = await Promise.all([pool.connect(alice.token), pool.connect(bob.token)]);
    const { lastSeq } = await listener.subscribe(general);
    await sender.subscribe(general);

    // Every send written before any answer is read: the server handles them in few turns, so many
    // frames to one socket share a write.
    for (let index = 0; index < BURST; index++) {
      sender.send({ type: 'send', channelId: general, clientId: `burst-${index}`, content: contentOf(index) });
    }
    await listener.waitForCount('message', BURST);
    await sender.waitForCount('ack', BURST);
    await sender.waitForCount('message', BURST);

    const expected = Array.from({ length: BURST }, (_, index) => contentOf(index));
    const seqs = Array.from({ length: BURST }, (_, index) => lastSeq + 1 + index);
    for (const socket of [listener, sender]) {
      const messages = socket.all('message').map(({ message }) => message);
      expect(messages.map((message) => message.content)).toEqual(expected);
      expect(messages.map((message) => message.seq)).toEqual(seqs);
    }
    expect(sender.all('ack').map((ack) => ack.clientId)).toEqual(expected.map((_, index) => `burst-${index}`));
    expect(sender.all('error')).toEqual([]);

    // Recovering them all is one `subscribed` frame over 64 KiB: the longest header.
    const late = await pool.connect(bob.token);
    const recovered = await late.subscribe(general, lastSeq);
    expect(recovered.missed.map((message) => message.content)).toEqual(expected);
  });
});
