import type { Message } from '@hearth/sdk/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageService } from '../src/services/message-service.js';
import { api } from './support/api.js';
import { type Community, createCommunity } from './support/community.js';
import { type TestSocket, socketPool } from './support/socket-client.js';
import { type TestServer, startTestServer } from './support/test-server.js';

const MISSED_LIMIT = 80;

let server: TestServer;
let community: Community;
const pool = socketPool(() => server.socketUrl);
const connect = (token: string) => pool.connect(token);

async function sendMany(socket: TestSocket, channelId: string, count: number, tag: string): Promise<Message[]> {
  const acksBefore = socket.all('ack').length;
  for (let index = 0; index < count; index++) {
    socket.send({ type: 'send', channelId, clientId: `${tag}-${index}`, content: `${tag} ${index}` });
  }
  await socket.waitForCount('ack', acksBefore + count);
  return socket
    .all('ack')
    .slice(acksBefore)
    .map((frame) => frame.message);
}

beforeAll(async () => {
  server = await startTestServer({
    HEARTH_MISSED_LIMIT: String(MISSED_LIMIT),
    HEARTH_FRAMES_PER_SECOND: '100000',
    HEARTH_FRAME_BURST: '100000',
    HEARTH_USER_MESSAGES_PER_WINDOW: '100000',
  });
  community = await createCommunity(server);
});
afterEach(() => pool.closeAll());
afterAll(() => server.stop());

describe('recovery after a reconnect', () => {
  it('returns exactly the messages sent while a client was away, in order, with complete: true', async () => {
    const { alice, bob, general } = community;
    const reader = await connect(bob.token);
    const writer = await connect(alice.token);
    await reader.subscribe(general);
    const [seen] = await sendMany(writer, general, 1, 'before');
    await reader.next('message', (frame) => frame.message.id === seen?.id);
    const lastSeen = seen?.seq ?? 0;
    reader.ws.terminate();

    const sentWhileAway = await sendMany(writer, general, 50, 'away');

    const back = await connect(bob.token);
    const subscribed = await back.subscribe(general, lastSeen);
    expect(subscribed.complete).toBe(true);
    expect(subscribed.lastSeq).toBe(lastSeen + 50);
    expect(subscribed.missed).toEqual(sentWhileAway);
    expect(subscribed.missed.map((message) => message.seq)).toEqual(Array.from({ length: 50 }, (_, index) => lastSeen + 1 + index));

    // Live delivery picks up right after the missed ones, with nothing repeated.
    const [next] = await sendMany(writer, general, 1, 'after');
    const live = await back.next('message');
    expect(live.message).toEqual(next);
    expect(back.all('message')).toHaveLength(1);
  });

  it('bounds missed and says complete: false; REST paging from the last missed seq returns the rest', async () => {
    const { alice, bob, random } = community;
    const writer = await connect(alice.token);
    const [mark] = await sendMany(writer, random, 1, 'mark');
    const fromSeq = mark?.seq ?? 0;
    const sent = await sendMany(writer, random, MISSED_LIMIT + 45, 'many');

    const back = await connect(bob.token);
    const subscribed = await back.subscribe(random, fromSeq);
    expect(subscribed.complete).toBe(false);
    expect(subscribed.missed).toEqual(sent.slice(0, MISSED_LIMIT));

    const rest: Message[] = [];
    let after = subscribed.missed.at(-1)?.seq ?? fromSeq;
    for (;;) {
      const page = await api(server.url).get<{ messages: Message[]; hasMore: boolean }>(
        `/api/channels/${random}/messages?after=${after}&limit=20`,
        { token: bob.token },
      );
      rest.push(...page.body.messages);
      if (!page.body.hasMore) break;
      after = page.body.messages.at(-1)?.seq ?? after;
    }
    expect([...subscribed.missed, ...rest]).toEqual(sent);
  });

  it('delivers messages stored while the missed ones are being read after them, once each', async () => {
    const { alice, bob, general } = community;
    const writer = await connect(alice.token);
    const [mark] = await sendMany(writer, general, 1, 'race-mark');
    const back = await connect(bob.token);
    // The subscribe and a burst of sends cross on the wire: each message must arrive once, in order.
    back.send({ type: 'subscribe', channelId: general, afterSeq: mark?.seq ?? 0 });
    const sent = await sendMany(writer, general, 30, 'race');
    const subscribed = await back.next('subscribed');
    const liveCount = sent.length - subscribed.missed.length;
    await back.waitForCount('message', liveCount);
    const delivered = [...subscribed.missed, ...back.all('message').map((frame) => frame.message)];
    expect(delivered).toEqual(sent);
  });

  it('reports a lastSeq no lower than the newest missed version when a message is stored between reading the two', async () => {
    const { alice, general } = await createCommunity(server, 'between');
    const author = { id: alice.id, name: 'Alice', avatarUrl: null };
    await server.storage.messages.append({ channelId: general, author, clientId: 'before', content: 'before' });
    const { messages } = server.storage;
    // Another commit lands just after the newest seq was read, before the missed messages are.
    const racing = new Proxy(messages, {
      get(target, key) {
        if (key === 'lastSeq') {
          return async (channelId: string) => {
            const lastSeq = await target.lastSeq(channelId);
            await target.append({ channelId, author, clientId: 'between', content: 'between' });
            return lastSeq;
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const storage = new Proxy(server.storage, {
      get: (target, key): unknown => (key === 'messages' ? racing : Reflect.get(target, key, target)),
    });

    const { missed, complete, lastSeq } = await new MessageService(storage, MISSED_LIMIT).missedSince(author, general, 0);
    expect(missed.map((message) => message.clientId)).toEqual(['before', 'between']);
    expect(complete).toBe(true);
    expect(lastSeq).toBeGreaterThanOrEqual(Math.max(...missed.map((message) => message.version)));
  });
});
