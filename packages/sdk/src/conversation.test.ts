// Reactions, replies, mentions, threads and jumps at unit level, against the scripted server of
// scripted-server.test-support.ts; packages/sdk/test/conversation.test.ts runs them against a real server.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ChatApiError, type ChatMessage, type Message, isPending } from './index.js';
import { ada, api, bob, contents, message, mock, openChannel, stops, until, waitFor } from './scripted-server.test-support.js';
import { threadOf } from './threads.js';
import { messageActions } from './message-actions.js';

const problem = (status: number, code: string) =>
  HttpResponse.json({ type: `/problems/${code}`, title: code, status, detail: code, code }, { status });
const chips = (row: ChatMessage | undefined) =>
  isPending(row!) ? [] : (row?.reactions ?? []).map((r) => `${r.emoji}${r.count}${r.me ? '*' : ''}`);

describe('reactions', () => {
  it('count the user in at once, send the emoji percent-encoded, and keep the stored state', async () => {
    const { channel } = await openChannel([message(1, { reactions: [{ emoji: '👍', count: 2, me: false }] })]);
    let path = '';
    const stored = message(1, { version: 2, reactions: [{ emoji: '👍', count: 3, me: true }] });
    mock.use(
      http.put(api('/api/channels/c_1/messages/m_1/reactions/:emoji'), ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(stored);
      }),
    );

    const reacting = messageActions(channel).react('m_1', '👍');
    expect(chips(channel.$messages.get()[0])).toEqual(['👍3*']);
    expect(await reacting).toEqual(stored);
    expect(path).toBe(`/api/channels/c_1/messages/m_1/reactions/${encodeURIComponent('👍')}`);
    expect(chips(channel.$messages.get()[0])).toEqual(['👍3*']);
  });

  it('roll back a refused reaction and reject with the ChatApiError', async () => {
    const { channel } = await openChannel([message(1)]);
    mock.use(http.put(api('/api/channels/c_1/messages/m_1/reactions/:emoji'), () => problem(409, 'conflict')));

    const refused = await messageActions(channel)
      .react('m_1', '🎉')
      .catch((error: unknown) => error);

    expect((refused as ChatApiError).code).toBe('conflict');
    expect(chips(channel.$messages.get()[0])).toEqual([]);
  });

  it('remove the chip at once when the user was its only reactor', async () => {
    const { channel } = await openChannel([message(1, { reactions: [{ emoji: '🎉', count: 1, me: true }] })]);
    let answer: (() => void) | undefined;
    mock.use(
      http.delete(api('/api/channels/c_1/messages/m_1/reactions/:emoji'), async () => {
        await new Promise<void>((resolve) => (answer = resolve));
        return HttpResponse.json(message(1, { version: 2, reactions: [] }));
      }),
    );

    const removing = messageActions(channel).unreact('m_1', '🎉');
    expect(chips(channel.$messages.get()[0])).toEqual([]);
    (await waitFor(() => answer))();
    await removing;
    expect(channel.$messages.get()[0]?.version).toBe(2);
  });

  it("keep each chip's me from a broadcast change, unless the reaction is the user's own", async () => {
    const { channel, socket } = await openChannel([message(1, { reactions: [{ emoji: '👍', count: 1, me: true }] })]);
    // Bob adds 👍: the broadcast says me:false for everyone, but the user's own 👍 stays theirs.
    socket.play({
      type: 'changed',
      message: message(1, { version: 2, reactions: [{ emoji: '👍', count: 2, me: false }] }),
      reaction: { emoji: '👍', userId: bob.id, added: true },
    });
    await until(channel.$messages, (rows) => rows[0]?.version === 2);
    expect(chips(channel.$messages.get()[0])).toEqual(['👍2*']);

    // The user adds 🎉 on another device: this one learns it is theirs.
    socket.play({
      type: 'changed',
      message: message(1, {
        version: 3,
        reactions: [
          { emoji: '👍', count: 2, me: false },
          { emoji: '🎉', count: 1, me: false },
        ],
      }),
      reaction: { emoji: '🎉', userId: ada.id, added: true },
    });
    await until(channel.$messages, (rows) => rows[0]?.version === 3);
    expect(chips(channel.$messages.get()[0])).toEqual(['👍2*', '🎉1*']);
  });

  it('name the first reactors and how many there are', async () => {
    const { channel } = await openChannel([message(1)]);
    mock.use(
      http.get(api('/api/channels/c_1/messages/m_1/reactions/:emoji'), ({ request }) => {
        expect(new URL(request.url).searchParams.get('limit')).toBe('3');
        return HttpResponse.json({ users: [ada, bob], count: 7 });
      }),
    );

    expect(await messageActions(channel).reactors('m_1', '👍')).toEqual({ users: [ada, bob], count: 7 });
  });
});

describe('replies and mentions', () => {
  it('send replyTo with the send, and quote the original while pending', async () => {
    const { channel, socket } = await openChannel([message(1, { author: bob, content: 'are we on?' })]);

    const sending = channel.reply('m_1', 'yes');
    const frame = await waitFor(() => socket.sent.find((sent) => sent.type === 'send'));
    expect(frame).toMatchObject({ content: 'yes', replyTo: 'm_1' });
    expect(frame).not.toHaveProperty('threadId');
    const pending = channel.$messages.get()[1];
    expect(pending && isPending(pending) && pending.replyTo).toEqual({
      id: 'm_1',
      seq: 1,
      author: bob,
      excerpt: 'are we on?',
      deleted: false,
    });

    const quote = { id: 'm_1', seq: 1, author: bob, excerpt: 'are we on?', deleted: false };
    socket.play({
      type: 'ack',
      clientId: frame.clientId,
      message: message(2, { content: 'yes', clientId: frame.clientId as string, replyTo: quote }),
    });
    expect((await sending).replyTo).toEqual(quote);
  });

  it('show in every quoting row that the original was edited, then deleted', async () => {
    const quote = { id: 'm_1', seq: 1, author: ada, excerpt: 'message 1', deleted: false };
    const { channel, socket } = await openChannel([message(1), message(2, { author: bob, replyTo: quote })]);
    const quoted = () => (channel.$messages.get()[1] as Message).replyTo;

    socket.play({ type: 'changed', message: message(1, { content: 'message one', version: 3, editedAt: '2026-12-01T10:01:00.000Z' }) });
    await until(channel.$messages, () => quoted()?.excerpt === 'message one');
    socket.play({ type: 'changed', message: message(1, { content: '', version: 4, deleted: true }) });
    await until(channel.$messages, () => quoted()?.deleted === true);
    expect(quoted()?.excerpt).toBe('');
  });

  it('set mentionsMe on a message that mentions the user, live and from history', async () => {
    const { channel, socket } = await openChannel([message(1, { content: 'hi <@u_ada>', mentions: [ada] })]);
    socket.play({ type: 'message', message: message(2, { author: bob, content: 'hey <@u_bob>', mentions: [bob] }) });
    socket.play({ type: 'message', message: message(3, { author: bob, content: 'ping <@u_ada>', mentions: [ada] }) });
    await until(channel.$messages, (rows) => rows.length === 3);

    expect(channel.$messages.get().map((row) => !isPending(row) && row.mentionsMe === true)).toEqual([true, false, true]);
  });
});

describe('threads', () => {
  const root = message(1, { content: 'root' });
  const reply = (seq: number, summary = seq - 1) =>
    ({
      type: 'message',
      message: message(seq, { author: bob, content: `reply ${seq}`, threadId: 'm_1' }),
      thread: { rootId: 'm_1', replyCount: summary, lastReplyAt: '2026-12-01T10:00:00.000Z', lastReplySeq: seq },
    }) as const;

  it('keep replies out of the main line, in the thread, and the root summary live', async () => {
    const { channel, socket } = await openChannel([root, message(2)], 2);
    mock.use(
      http.get(api('/api/channels/c_1/messages'), ({ request }) => {
        expect(new URL(request.url).searchParams.get('thread')).toBe('m_1');
        return HttpResponse.json({ messages: [], hasMore: false });
      }),
    );
    const thread = threadOf(channel, 'm_1');
    expect(threadOf(channel, 'm_1')).toBe(thread);
    stops.push(thread.$messages.listen(() => {}));
    await until(thread.$status, (status) => status.state === 'ready');
    expect(thread.$root.get()?.id).toBe('m_1');

    socket.play(reply(3, 1));
    socket.play(reply(4, 2));
    await until(thread.$messages, (rows) => rows.length === 2);
    expect(contents(thread.$messages.get())).toEqual(['m_3 reply 3', 'm_4 reply 4']);
    expect(contents(channel.$messages.get())).toEqual(['m_1 root', 'm_2 message 2']);
    expect(channel.$messages.get()[0]).toMatchObject({ thread: { replyCount: 2, lastReplySeq: 4 } });
    expect(thread.$root.get()?.thread?.replyCount).toBe(2);
  });

  it('send a thread reply with threadId, pending in the thread only', async () => {
    const { channel, socket } = await openChannel([root], 1);
    mock.use(http.get(api('/api/channels/c_1/messages'), () => HttpResponse.json({ messages: [], hasMore: false })));
    const thread = threadOf(channel, 'm_1');
    stops.push(thread.$messages.listen(() => {}));

    void thread.send('in thread').catch(() => {});
    const frame = await waitFor(() => socket.sent.find((sent) => sent.type === 'send'));
    expect(frame).toMatchObject({ content: 'in thread', threadId: 'm_1' });
    expect(thread.$messages.get().map((row) => row.content)).toEqual(['in thread']);
    expect(contents(channel.$messages.get())).toEqual(['m_1 root']);
  });

  it('take a recovered root summary by its lastReplySeq even when the root is not newer', async () => {
    const { channel, socket } = await openChannel([root, message(2)], 2);
    // A resubscription answers with the thread replies missed and their root in its current state.
    socket.play({
      type: 'subscribed',
      channelId: 'c_1',
      missed: [
        message(3, { threadId: 'm_1', author: bob }),
        { ...root, thread: { replyCount: 1, lastReplyAt: '2026-12-01T10:00:00.000Z', lastReplySeq: 3 } },
      ],
      complete: true,
      lastSeq: 3,
    });
    await until(channel.$messages, (rows) => !isPending(rows[0]!) && rows[0]?.thread?.replyCount === 1);
    expect(channel.$messages.get()[0]?.version).toBe(1);
  });
});

describe('jumpTo', () => {
  it('replace the window by the page around a seq, newer history pending, and leave a held seq alone', async () => {
    const { channel } = await openChannel([message(100), message(101)], 101);
    const asked: string[] = [];
    mock.use(
      http.get(api('/api/channels/c_1/messages'), ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json({ messages: [message(40), message(41), message(42)], hasMore: true, hasNewer: true });
      }),
    );

    await channel.jumpTo(101);
    expect(asked).toEqual([]);
    await channel.jumpTo(41);
    expect(asked).toEqual(['?around=41&limit=50']);
    expect(contents(channel.$messages.get())).toEqual(['m_40 message 40', 'm_41 message 41', 'm_42 message 42']);
    expect(channel.$status.get()).toMatchObject({ state: 'ready', hasOlder: true, hasNewer: true });
  });
});
