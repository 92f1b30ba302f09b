import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatSocketError, type Message } from '../src/index.js';
import { type Community, type TestServer, closeClients, createCommunity, nodeClient, restCall, startTestServer, until } from './support.js';
import { threadOf } from '@hearth/sdk/threads';

let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_FRAMES_PER_SECOND: '1000', HEARTH_FRAME_BURST: '1000' });
  community = await createCommunity(server);
});
afterEach(closeClients);
afterAll(() => server.stop());

/** Two UTF-16 code units each, one code point: the server counts code units. */
const EMOJI = '🔥';

async function openGeneral() {
  const chat = nodeClient(server.url, { token: community.alice.token });
  const general = chat.channel(community.general);
  const unbind = general.$messages.listen(() => {});
  await until(general.$status, (status) => status.state === 'ready');
  await until(chat.$connection, (state) => state === 'open');
  return { chat, general, unbind };
}

const stored = async () =>
  (
    await restCall<{ messages: Message[] }>(
      server.url,
      community.alice.token,
      'GET',
      `/api/channels/${community.general}/messages?limit=100`,
    )
  ).messages.map((message) => message.content);

describe('content over the limit', () => {
  it('is refused by send at once with content_too_long, leaving no row to retry, and nothing reaches the server', async () => {
    const { general, unbind } = await openGeneral();
    const rowsBefore = general.$messages.get();
    const tooLong = EMOJI.repeat(MAX_CONTENT_LENGTH / 2) + 'x';

    const refused = general.send(tooLong).catch((error: unknown) => error);
    // No pending row shows, not even for a moment, and no failed one stays with a Retry.
    expect(general.$messages.get()).toBe(rowsBefore);
    const error = await refused;
    expect(error).toBeInstanceOf(ChatSocketError);
    expect((error as ChatSocketError).code).toBe('content_too_long');
    expect(general.$messages.get()).toBe(rowsBefore);
    expect(await stored()).not.toContain(tooLong);
    unbind();
  });

  it('counts UTF-16 code units as the server does: content of exactly the limit is sent and stored', async () => {
    const { general, unbind } = await openGeneral();
    const atLimit = EMOJI.repeat(MAX_CONTENT_LENGTH / 2);
    const message = await general.send(atLimit);
    expect(message.content).toHaveLength(MAX_CONTENT_LENGTH);
    expect(await stored()).toContain(atLimit);
    unbind();
  });

  it('is refused for a thread reply too, with no row in the thread', async () => {
    const { general, unbind } = await openGeneral();
    const root = await general.send('a thread starts here');
    const thread = threadOf(general, root.id);
    const stopThread = thread.$messages.listen(() => {});
    const rowsBefore = thread.$messages.get();
    const error = await thread.send('y'.repeat(MAX_CONTENT_LENGTH + 1)).catch((failure: unknown) => failure);
    expect((error as ChatSocketError).code).toBe('content_too_long');
    expect(thread.$messages.get()).toBe(rowsBefore);
    stopThread();
    unbind();
  });
});
