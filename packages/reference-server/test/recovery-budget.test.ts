import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../src/domain/types.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

const HISTORY = 20;
const PER_SOCKET = 50;
const PER_USER = 70;

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_RECOVERY_MESSAGES_PER_SOCKET: String(PER_SOCKET),
    HEARTH_RECOVERY_MESSAGES_PER_USER: String(PER_USER),
    HEARTH_RECOVERY_WINDOW_MS: '600000',
    HEARTH_FRAMES_PER_SECOND: '10000',
    HEARTH_FRAME_BURST: '10000',
  });
  community = await communityWithHistory('u');
});
afterEach(() => pool.closeAll());

/** A new community whose `general` holds {@link HISTORY} messages, so its users have budgets of their own. */
async function communityWithHistory(prefix: string): Promise<Community> {
  const created = await createCommunity(server, prefix);
  const author = { id: created.alice.id, name: 'Alice', avatarUrl: null };
  for (let index = 0; index < HISTORY; index++) {
    await server.storage.messages.append({ channelId: created.general, author, clientId: `old-${index}`, content: `#${index + 1}` });
  }
  return created;
}
afterAll(() => server.stop());

describe('recovery budget', () => {
  it('refuses subscribe {afterSeq: 0} with rate_limited once the socket, then the user, has been handed its budget of missed messages', async () => {
    const { bob, carol, general } = community;
    const first = await pool.connect(bob.token);
    // 20 missed messages each: 0, 20 and 40 handed so far are under the socket's 50, 60 is not.
    for (let round = 0; round < 3; round++) expect((await first.subscribe(general, 0)).missed).toHaveLength(HISTORY);
    first.send({ type: 'subscribe', channelId: general, afterSeq: 0 });
    const refused = await first.next('error');
    expect(refused).toMatchObject({ code: 'rate_limited', ref: general });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(first.all('subscribed')).toHaveLength(3);

    // Another socket of the same user starts with its own budget but shares the user's: 60 is under 70, 80 is not.
    const second = await pool.connect(bob.token);
    expect((await second.subscribe(general, 0)).missed).toHaveLength(HISTORY);
    second.send({ type: 'subscribe', channelId: general, afterSeq: 0 });
    expect(await second.next('error')).toMatchObject({ code: 'rate_limited', ref: general });

    // A subscribe that asks for no history is no recovery, and another user has a budget of their own.
    expect((await second.subscribe(general)).missed).toEqual([]);
    const stranger = await pool.connect(carol.token);
    expect((await stranger.subscribe(general, 0)).missed).toHaveLength(HISTORY);
    // The refused socket is still open and serves other frames.
    first.send({ type: 'ping' });
    await first.next('pong');
  });

  it('keeps a live subscription live when subscribing to the same channel again is refused', async () => {
    const { alice, bob, general } = await communityWithHistory('again');
    const listener = await pool.connect(bob.token);
    for (let round = 0; round < 3; round++) expect((await listener.subscribe(general, 0)).missed).toHaveLength(HISTORY);
    listener.send({ type: 'subscribe', channelId: general, afterSeq: 0 });
    expect(await listener.next('error')).toMatchObject({ code: 'rate_limited', ref: general });

    const poster = await pool.connect(alice.token);
    poster.send({ type: 'send', channelId: general, clientId: 'after-refusal', content: 'still live' });
    const { message } = await listener.next('message');
    expect(message).toMatchObject({ clientId: 'after-refusal', content: 'still live' });
  });

  it('lets concurrent recoveries on one socket hand back no more than one at a time would', async () => {
    const { alice, bob, publicServer } = await createCommunity(server, 'burst');
    const author = { id: alice.id, name: 'Alice', avatarUrl: null };
    const channels: string[] = [];
    for (let index = 0; index < 10; index++) {
      const created = await api(server.url).post<Channel>(`/api/servers/${publicServer.id}/channels`, {
        token: alice.token,
        json: { name: `burst-${index}` },
      });
      channels.push(created.body.id);
      for (let seq = 0; seq < HISTORY; seq++) {
        await server.storage.messages.append({
          channelId: created.body.id,
          author,
          clientId: `burst-${index}-${seq}`,
          content: `#${seq + 1}`,
        });
      }
    }
    const socket = await pool.connect(bob.token);
    for (const channelId of channels) socket.send({ type: 'subscribe', channelId, afterSeq: 0 });
    const answered = () => socket.all('subscribed').length + socket.all('error').length;
    await expect.poll(answered).toBe(channels.length);

    // One at a time, recoveries are let in while under the socket's 50: 0, 20 and 40 handed, 60 in all.
    const handed = socket.all('subscribed').reduce((sum, frame) => sum + frame.missed.length, 0);
    expect(handed).toBeLessThan(PER_SOCKET + HISTORY);
    expect(socket.all('error').every((frame) => frame.code === 'rate_limited')).toBe(true);
  });
});
