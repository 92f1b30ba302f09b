// Edits and deletes at unit level, against the scripted server of scripted-server.test-support.ts.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ChatApiError } from './index.js';
import { api, bob, contents, message, mock, openChannel, stops, until, waitFor } from './scripted-server.test-support.js';
import { messageActions } from './message-actions.js';

describe('channel.edit and channel.delete', () => {
  it('show the new content at once, then the stored edit with its version and editedAt', async () => {
    const { channel } = await openChannel([message(1), message(2)]);
    let answer: (() => void) | undefined;
    const stored = message(1, { content: 'fixed', version: 3, editedAt: '2026-12-01T10:05:00.000Z' });
    mock.use(
      http.patch(api('/api/channels/c_1/messages/m_1'), async ({ request }) => {
        expect(await request.json()).toEqual({ content: 'fixed' });
        await new Promise<void>((resolve) => (answer = resolve));
        return HttpResponse.json(stored);
      }),
    );

    const editing = messageActions(channel).edit('m_1', 'fixed');
    await until(channel.$messages, (rows) => rows[0]?.content === 'fixed');
    expect(channel.$messages.get()[0]?.version).toBe(1);
    await waitFor(() => answer);
    answer?.();

    expect(await editing).toEqual(stored);
    expect(channel.$messages.get()[0]).toEqual(stored);
  });

  it('roll the row back when the server refuses, reject with the ChatApiError and fire error', async () => {
    const { channel, errors } = await openChannel([message(1, { author: bob })]);
    mock.use(
      http.patch(api('/api/channels/c_1/messages/m_1'), () =>
        HttpResponse.json(
          { type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'not yours', code: 'forbidden' },
          { status: 403 },
        ),
      ),
    );

    const refused = await messageActions(channel)
      .edit('m_1', 'mine now')
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ChatApiError);
    expect((refused as ChatApiError).code).toBe('forbidden');
    expect(contents(channel.$messages.get())).toEqual(['m_1 message 1']);
    expect(errors).toEqual([refused]);
  });

  it('show a tombstone at once on delete, and bring the message back when refused', async () => {
    const { channel } = await openChannel([message(1), message(2)]);
    let refuse: (() => void) | undefined;
    mock.use(
      http.delete(api('/api/channels/c_1/messages/m_2'), async () => {
        await new Promise<void>((resolve) => (refuse = resolve));
        return HttpResponse.json(
          { type: '/problems/unknown_message', title: 'Not found', status: 404, detail: 'gone', code: 'unknown_message' },
          { status: 404 },
        );
      }),
    );

    const deleting = messageActions(channel)
      .delete('m_2')
      .catch((error: unknown) => error);
    await until(channel.$messages, (rows) => rows[1]?.deleted === true);
    expect(channel.$messages.get()[1]?.content).toBe('');
    await waitFor(() => refuse);
    refuse?.();

    expect(((await deleting) as ChatApiError).status).toBe(404);
    expect(contents(channel.$messages.get())).toEqual(['m_1 message 1', 'm_2 message 2']);
  });

  it('keep a newer change that arrived meanwhile instead of rolling back over it', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    let refuse: (() => void) | undefined;
    mock.use(
      http.patch(api('/api/channels/c_1/messages/m_1'), async () => {
        await new Promise<void>((resolve) => (refuse = resolve));
        return HttpResponse.json(
          { type: '/problems/internal', title: 'Failed', status: 500, detail: 'x', code: 'internal' },
          { status: 500 },
        );
      }),
    );

    const editing = messageActions(channel)
      .edit('m_1', 'mine')
      .catch(() => undefined);
    await until(channel.$messages, (rows) => rows[0]?.content === 'mine');
    socket.play({ type: 'changed', message: message(1, { content: 'from elsewhere', version: 2, editedAt: '2026-12-01T10:06:00.000Z' }) });
    await until(channel.$messages, (rows) => rows[0]?.content === 'from elsewhere');
    await waitFor(() => refuse);
    refuse?.();
    await editing;

    expect(contents(channel.$messages.get())).toEqual(['m_1 from elsewhere']);
  });

  it('roll two refused edits in flight back to the stored state, not to the first refused one', async () => {
    const { channel } = await openChannel([message(1)]);
    const refusals: Array<() => void> = [];
    mock.use(
      http.patch(api('/api/channels/c_1/messages/m_1'), async () => {
        await new Promise<void>((resolve) => refusals.push(resolve));
        return HttpResponse.json(
          { type: '/problems/internal', title: 'Failed', status: 500, detail: 'x', code: 'internal' },
          { status: 500 },
        );
      }),
    );

    const first = messageActions(channel)
      .edit('m_1', 'first')
      .catch(() => undefined);
    const second = messageActions(channel)
      .edit('m_1', 'second')
      .catch(() => undefined);
    await until(channel.$messages, (rows) => rows[0]?.content === 'second');
    await waitFor(() => refusals.length === 2);
    refusals[0]?.();
    await first;
    expect(contents(channel.$messages.get())).toEqual(['m_1 second']);
    refusals[1]?.();
    await second;

    expect(contents(channel.$messages.get())).toEqual(['m_1 message 1']);
  });
});

describe('changed frames', () => {
  it('replace the row by id when newer, and are ignored when not', async () => {
    const { channel, socket } = await openChannel([message(1), message(2)]);

    socket.play({ type: 'changed', message: message(1, { content: 'edited', version: 3, editedAt: '2026-12-01T10:05:00.000Z' }) });
    await until(channel.$messages, (rows) => rows[0]?.content === 'edited');
    socket.play({ type: 'changed', message: message(2, { content: '', deleted: true, version: 4 }) });
    await until(channel.$messages, (rows) => rows[1]?.deleted === true);
    // A replay of the first edit's older state changes nothing.
    socket.play({ type: 'message', message: message(5) });
    socket.play({ type: 'changed', message: message(1, { content: 'stale', version: 2 }) });
    await until(channel.$messages, (rows) => rows.length === 3);

    expect(contents(channel.$messages.get())).toEqual(['m_1 edited', 'm_2 deleted', 'm_5 message 5']);
    expect(socket.sent.filter((frame) => frame.type === 'subscribe')).toHaveLength(1);
  });

  it('count on the seq line even for a message outside the window', async () => {
    const { channel, socket } = await openChannel([message(10), message(11)], 11);

    socket.play({ type: 'changed', message: message(3, { content: 'old one edited', version: 12 }) });
    socket.play({ type: 'message', message: message(13) });
    await until(channel.$messages, (rows) => rows.length === 3);

    expect(contents(channel.$messages.get())).toEqual(['m_10 message 10', 'm_11 message 11', 'm_13 message 13']);
    expect(socket.sent.filter((frame) => frame.type === 'subscribe')).toHaveLength(1);
  });

  it('fill a gap by subscribing again after the last seq applied, and apply what was missed by id', async () => {
    const { channel, socket } = await openChannel([message(1), message(2)]);

    // Seq 3 (an edit of m_1) and 4 (a new message) are lost; 5 arrives.
    socket.play({ type: 'changed', message: message(2, { content: 'second edit', version: 5, editedAt: '2026-12-01T10:07:00.000Z' }) });
    await waitFor(() => socket.sent.filter((frame) => frame.type === 'subscribe').length === 2);
    expect(socket.sent.at(-1)).toEqual({ type: 'subscribe', channelId: 'c_1', afterSeq: 2 });
    expect(contents(channel.$messages.get())).toEqual(['m_1 message 1', 'm_2 message 2']);

    socket.play({
      type: 'subscribed',
      channelId: 'c_1',
      // In version order: the new message 4 comes before m_2's edit (5), m_1's edit (3) first.
      missed: [
        message(1, { content: 'first edit', version: 3, editedAt: '2026-12-01T10:06:00.000Z' }),
        message(4),
        message(2, { content: 'second edit', version: 5, editedAt: '2026-12-01T10:07:00.000Z' }),
      ],
      complete: true,
      lastSeq: 5,
    });
    socket.play({ type: 'message', message: message(6) });
    await until(channel.$messages, (rows) => rows.length === 4);

    expect(contents(channel.$messages.get())).toEqual(['m_1 first edit', 'm_2 second edit', 'm_4 message 4', 'm_6 message 6']);
    expect(socket.sent.filter((frame) => frame.type === 'subscribe')).toHaveLength(2);
  });

  it('ask again after an incomplete answer, from the last version it covered', async () => {
    const { channel, socket } = await openChannel([message(1)]);

    socket.play({ type: 'message', message: message(9) });
    const subscribes = () => socket.sent.filter((frame) => frame.type === 'subscribe');
    await waitFor(() => subscribes().length === 2);
    socket.play({
      type: 'subscribed',
      channelId: 'c_1',
      missed: [message(2), message(1, { content: 'edited', version: 4 })],
      complete: false,
      lastSeq: 9,
    });
    await waitFor(() => subscribes().length === 3);
    expect(subscribes().at(-1)).toEqual({ type: 'subscribe', channelId: 'c_1', afterSeq: 4 });
    socket.play({ type: 'subscribed', channelId: 'c_1', missed: [message(7), message(9)], complete: true, lastSeq: 9 });
    await until(channel.$messages, (rows) => rows.length === 4);

    expect(contents(channel.$messages.get())).toEqual(['m_1 edited', 'm_2 message 2', 'm_7 message 7', 'm_9 message 9']);
  });
});

describe('socket errors', () => {
  it('subscribe again after retryAfterMs when a gap-filling subscribe is rate limited', async () => {
    const { channel, socket } = await openChannel([message(1), message(2)]);
    const subscribes = () => socket.sent.filter((frame) => frame.type === 'subscribe');

    // Seq 3 is lost; the fill it starts is refused for now.
    socket.play({ type: 'message', message: message(4) });
    await waitFor(() => subscribes().length === 2);
    socket.play({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'c_1', retryAfterMs: 300 });
    socket.play({ type: 'message', message: message(5) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(subscribes()).toHaveLength(2);
    await waitFor(() => subscribes().length === 3);
    expect(subscribes().at(-1)).toEqual({ type: 'subscribe', channelId: 'c_1', afterSeq: 2 });

    socket.play({ type: 'subscribed', channelId: 'c_1', missed: [message(3), message(4), message(5)], complete: true, lastSeq: 5 });
    socket.play({ type: 'message', message: message(6) });
    await until(channel.$messages, (rows) => rows.length === 6);

    expect(contents(channel.$messages.get())).toEqual([1, 2, 3, 4, 5, 6].map((seq) => `m_${seq} message ${seq}`));
    expect(channel.$status.get().state).toBe('ready');
    expect(subscribes()).toHaveLength(3);
  });

  it('send no delayed subscribe once the rate-limited channel is unwatched', async () => {
    const { socket } = await openChannel([message(1)]);
    const subscribes = () => socket.sent.filter((frame) => frame.type === 'subscribe');

    // nanostores lets go of a store a second after its last listener, hence a wait longer than that.
    socket.play({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'c_1', retryAfterMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const stop of stops.splice(0)) stop();
    await waitFor(() => socket.sent.some((frame) => frame.type === 'unsubscribe'));
    await new Promise((resolve) => setTimeout(resolve, 800));

    expect(subscribes()).toHaveLength(1);
  });

  it('go to the send whose clientId they name, not to a watched channel that has the same id', async () => {
    const { chat, channel, socket } = await openChannel([message(1)]);
    const sending = channel.send('hello').catch((error: unknown) => error);
    const sent = await waitFor(() => socket.sent.find((frame) => frame.type === 'send'));
    const clientId = String(sent.clientId);
    const namesake = chat.channel(clientId);
    stops.push(namesake.$messages.listen(() => {}));
    await waitFor(() => socket.sent.some((frame) => frame.type === 'subscribe' && frame.channelId === clientId));

    socket.play({ type: 'error', code: 'forbidden', message: 'not allowed', ref: clientId });

    expect(await sending).toMatchObject({ code: 'forbidden', ref: clientId });
    expect(namesake.$status.get().state).toBe('idle');
  });
});
