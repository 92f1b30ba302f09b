import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../src/domain/types.js';
import { api } from './support/api.js';
import { socketPool } from './support/socket-client.js';
import { type StaffedServer, join, newUser, staffedServer } from './support/staff.js';
import { type TestServer, startTestServer } from './support/test-server.js';

let server: TestServer;
let client: ReturnType<typeof api>;
let on: StaffedServer;
const pool = socketPool(() => server.socketUrl);

const SLOW_MODE_SECONDS = 30;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_HTTP_WRITES_PER_MINUTE: '100000', HEARTH_USER_MESSAGES_PER_WINDOW: '100000' });
  client = api(server.url);
  on = await staffedServer(server.url, 'slow');
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

/** A new channel of the server with slow mode on. */
async function slowChannel(name: string): Promise<string> {
  const created = await client.post<{ id: string }>(`/api/servers/${on.server.id}/channels`, { token: on.admin.token, json: { name } });
  const updated = await client.patch(`/api/channels/${created.body.id}`, {
    token: on.admin.token,
    json: { slowModeSeconds: SLOW_MODE_SECONDS },
  });
  expect(updated.body).toMatchObject({ slowModeSeconds: SLOW_MODE_SECONDS });
  return created.body.id;
}

describe('slow mode', () => {
  it('refuses a member’s second message within the window on the socket with rate_limited and the time left; a resend of the first is acked with the original', async () => {
    const channelId = await slowChannel('slow-socket');
    const socket = await pool.connect(on.member.token);
    socket.send({ type: 'send', channelId, clientId: 'first', content: 'one' });
    const first = await socket.next('ack', (frame) => frame.clientId === 'first');
    socket.send({ type: 'send', channelId, clientId: 'second', content: 'two' });
    const refused = await socket.next('error', (frame) => frame.ref === 'second');
    expect(refused.code).toBe('rate_limited');
    expect(refused.retryAfterMs).toBeGreaterThan((SLOW_MODE_SECONDS - 5) * 1000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(SLOW_MODE_SECONDS * 1000);

    socket.send({ type: 'send', channelId, clientId: 'first', content: 'one' });
    const resent = await socket.next('ack', (frame) => frame.clientId === 'first');
    expect(resent.message).toEqual(first.message);
    const history = await client.get<{ messages: Message[] }>(`/api/channels/${channelId}/messages`, { token: on.member.token });
    expect(history.body.messages.map((message) => message.clientId)).toEqual(['first']);
  });

  it('lets only one of two sends made at the same instant through', async () => {
    const channelId = await slowChannel('slow-race');
    const [tabOne, tabTwo] = await Promise.all([pool.connect(on.member.token), pool.connect(on.member.token)]);
    tabOne.send({ type: 'send', channelId, clientId: 'race-1', content: 'one' });
    tabTwo.send({ type: 'send', channelId, clientId: 'race-2', content: 'two' });
    const outcomes = await Promise.all([
      Promise.race([tabOne.next('ack').then(() => 'ack'), tabOne.next('error').then((frame) => frame.code)]),
      Promise.race([tabTwo.next('ack').then(() => 'ack'), tabTwo.next('error').then((frame) => frame.code)]),
    ]);
    expect(outcomes.sort()).toEqual(['ack', 'rate_limited']);
  });

  it('refuses over REST with 429 and Retry-After, and a REST resend of the first gets 200 with the original', async () => {
    const channelId = await slowChannel('slow-rest');
    const path = `/api/channels/${channelId}/messages`;
    const first = await client.post<Message>(path, { token: on.member.token, json: { content: 'one', clientId: 'rest-first' } });
    expect(first.status).toBe(201);
    const refused = await client.post(path, { token: on.member.token, json: { content: 'two', clientId: 'rest-second' } });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(SLOW_MODE_SECONDS - 5);
    const resent = await client.post<Message>(path, { token: on.member.token, json: { content: 'one', clientId: 'rest-first' } });
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual(first.body);
  });

  it('applies to thread replies, and spares moderators and up', async () => {
    const channelId = await slowChannel('slow-threads');
    const path = `/api/channels/${channelId}/messages`;
    const root = await client.post<Message>(path, { token: on.moderator.token, json: { content: 'root' } });
    const reply = await client.post(path, { token: on.member.token, json: { content: 'reply', threadId: root.body.id } });
    expect(reply.status).toBe(201);
    const again = await client.post(path, { token: on.member.token, json: { content: 'again', threadId: root.body.id } });
    expect(again.status).toBe(429);
    for (const staff of [on.moderator, on.admin, on.owner]) {
      for (const content of ['a', 'b']) {
        expect((await client.post(path, { token: staff.token, json: { content } })).status).toBe(201);
      }
    }
  });
});

describe('resends', () => {
  it('ack a resend refused by slow mode or a time-out with the original, however many messages came after it', async () => {
    const channelId = await slowChannel('slow-old-resend');
    const sender = await newUser('slow', 'Resender');
    await join(server.url, on.server.id, sender);
    const socket = await pool.connect(sender.token);
    socket.send({ type: 'send', channelId, clientId: 'long-ago', content: 'the first try' });
    const original = (await socket.next('ack', (frame) => frame.clientId === 'long-ago')).message;

    // More than a page of history (100) after it, by a moderator, whom slow mode spares.
    const path = `/api/channels/${channelId}/messages`;
    for (let batch = 0; batch < 11; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          client.post(path, { token: on.moderator.token, json: { content: `later ${batch * 10 + index}` } }).then((res) => {
            expect(res.status).toBe(201);
          }),
        ),
      );
    }

    socket.send({ type: 'send', channelId, clientId: 'long-ago', content: 'the first try' });
    expect((await socket.next('ack', (frame) => frame.clientId === 'long-ago')).message).toEqual(original);
    socket.send({ type: 'send', channelId, clientId: 'new-one', content: 'refused' });
    expect(await socket.next('error', (frame) => frame.ref === 'new-one')).toMatchObject({ code: 'rate_limited' });

    const timeout = await client.patch(`/api/servers/${on.server.id}/members/${sender.id}`, {
      token: on.moderator.token,
      json: { timeoutSeconds: 600 },
    });
    expect(timeout.status).toBe(200);
    socket.send({ type: 'send', channelId, clientId: 'long-ago', content: 'the first try' });
    expect((await socket.next('ack', (frame) => frame.clientId === 'long-ago')).message).toEqual(original);
    const rest = await client.post<Message>(path, { token: sender.token, json: { content: 'the first try', clientId: 'long-ago' } });
    expect(rest.status).toBe(200);
    expect(rest.body).toEqual(original);
    socket.send({ type: 'send', channelId: on.general, clientId: 'while-out', content: 'refused' });
    expect(await socket.next('error', (frame) => frame.ref === 'while-out')).toMatchObject({ code: 'timed_out' });

    const mine = await client.get<{ messages: Message[] }>(`${path}?limit=100`, { token: sender.token });
    expect(mine.body.messages.some((message) => message.author.id === sender.id)).toBe(false);
  });
});

describe('time-outs', () => {
  it('refuse a timed-out member’s send and reaction with timed_out and the time left; lifted, they may post again', async () => {
    const channelId = on.general;
    const author = await pool.connect(on.owner.token);
    author.send({ type: 'send', channelId, clientId: 'to-react-to', content: 'react to me' });
    const target = await author.next('ack');
    const muted = await pool.connect(on.member.token);
    muted.send({ type: 'send', channelId, clientId: 'before-timeout', content: 'before' });
    const before = await muted.next('ack');

    const timeout = await client.patch(`/api/servers/${on.server.id}/members/${on.member.id}`, {
      token: on.moderator.token,
      json: { timeoutSeconds: 600, reason: 'cool down' },
    });
    expect(timeout.status).toBe(200);
    expect(Date.parse((timeout.body as { mutedUntil: string }).mutedUntil)).toBeGreaterThan(Date.now() + 590_000);

    muted.send({ type: 'send', channelId, clientId: 'while-muted', content: 'let me talk' });
    const sendRefused = await muted.next('error', (frame) => frame.ref === 'while-muted');
    expect(sendRefused).toMatchObject({ code: 'timed_out' });
    expect(sendRefused.retryAfterMs).toBeGreaterThan(590_000);
    muted.send({ type: 'react', channelId, messageId: target.message.id, emoji: '👍' });
    expect(await muted.next('error', (frame) => frame.ref === target.message.id)).toMatchObject({ code: 'timed_out' });
    muted.send({ type: 'edit', channelId, messageId: before.message.id, content: 'edited' });
    expect(await muted.next('error', (frame) => frame.ref === before.message.id)).toMatchObject({ code: 'timed_out' });
    // A resend of a message stored before the time-out still gets its ack.
    muted.send({ type: 'send', channelId, clientId: 'before-timeout', content: 'before' });
    expect((await muted.next('ack', (frame) => frame.clientId === 'before-timeout')).message).toEqual(before.message);

    const rest = await client.post(`/api/channels/${channelId}/messages`, { token: on.member.token, json: { content: 'over REST' } });
    expect(rest.status).toBe(403);
    expect(rest.body).toMatchObject({ code: 'timed_out' });
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(590);
    const reacted = await client.put(`/api/channels/${channelId}/messages/${target.message.id}/reactions/${encodeURIComponent('👍')}`, {
      token: on.member.token,
    });
    expect(reacted.status).toBe(403);

    const lifted = await client.patch(`/api/servers/${on.server.id}/members/${on.member.id}`, {
      token: on.moderator.token,
      json: { timeoutSeconds: 0 },
    });
    expect(lifted.body).toMatchObject({ mutedUntil: null });
    muted.send({ type: 'send', channelId, clientId: 'after-lift', content: 'thanks' });
    await muted.next('ack', (frame) => frame.clientId === 'after-lift');
    muted.send({ type: 'react', channelId, messageId: target.message.id, emoji: '👍' });
    await muted.next('changed', (frame) => frame.message.id === target.message.id);

    const log = await client.get<{
      entries: Array<{ action: string; target: { id: string } | null; reason: string | null; details: Record<string, unknown> }>;
    }>(`/api/servers/${on.server.id}/audit-log`, { token: on.admin.token });
    const timeouts = log.body.entries.filter((entry) => entry.action === 'member_timeout' && entry.target?.id === on.member.id);
    expect(timeouts.map((entry) => entry.details.seconds)).toEqual([0, 600]);
    expect(timeouts[1]?.reason).toBe('cool down');
  });
});
