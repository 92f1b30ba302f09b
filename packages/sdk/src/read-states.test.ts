// Read state and member presence at unit level, against the scripted server of
// scripted-server.test-support.ts; packages/sdk/test/read-states.test.ts runs them against a real server.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ReadState } from './index.js';
import { readStatesOf } from './read-states.js';
import { ScriptedSocket, ada, api, bob, message, mock, openChannel, stops, until, waitFor } from './scripted-server.test-support.js';
import { membersOf } from './members.js';

const state = (channelId: string, changes: Partial<ReadState> = {}): ReadState => ({
  channelId,
  serverId: 's_1',
  lastReadSeq: 0,
  lastSeq: 0,
  unread: 0,
  mentions: 0,
  ...changes,
});
const activity = (channelId: string, seq: number, changes: Record<string, unknown> = {}) => ({
  type: 'activity',
  channelId,
  serverId: 's_1',
  seq,
  authorId: bob.id,
  mentionIds: [],
  ...changes,
});

describe('read states', () => {
  it('start from ready, count others’ new messages and mentions, never the user’s own, a thread reply, or one counted already', async () => {
    ScriptedSocket.ready = {
      readStates: [
        state('c_1', { lastReadSeq: 1, lastSeq: 2, unread: 1 }),
        state('c_2', { lastSeq: 5 }),
        state('c_9', { serverId: 's_9' }),
      ],
    };
    const { chat, socket } = await openChannel([message(1), message(2)], 2, readStatesOf);
    const reads = readStatesOf(chat);
    await until(reads.$byChannel, (states) => states.c_1?.unread === 1);

    socket.play(activity('c_1', 2)); // counted at ready already
    socket.play(activity('c_1', 3, { authorId: ada.id }));
    socket.play(activity('c_1', 4, { threadId: 'm_1', mentionIds: [ada.id] }));
    socket.play(activity('c_2', 6, { mentionIds: [ada.id, bob.id] }));
    socket.play(activity('c_2', 7));
    await until(reads.$byChannel, (states) => states.c_2?.lastSeq === 7);

    expect(reads.$byChannel.get().c_1).toEqual(state('c_1', { lastReadSeq: 1, lastSeq: 4, unread: 1, mentions: 1 }));
    expect(reads.$byChannel.get().c_2).toEqual(state('c_2', { lastSeq: 7, unread: 2, mentions: 1 }));
    expect(reads.$byServer.get()).toEqual({ s_1: { unread: 3, mentions: 2 }, s_9: { unread: 0, mentions: 0 } });
    expect(reads.$channel('c_1').get()?.unread).toBe(1);
  });

  it('mark read over the socket: counts drop at once, and a late answer for an older mark changes nothing', async () => {
    ScriptedSocket.ready = { readStates: [state('c_1', { lastSeq: 2, unread: 2, mentions: 1 })] };
    const { chat, socket } = await openChannel([message(1), message(2)], 2, readStatesOf);
    const reads = readStatesOf(chat);
    await until(reads.$byChannel, (states) => states.c_1?.unread === 2);

    await reads.markRead('c_1', 2);
    expect(socket.sent.filter((frame) => frame.type === 'read')).toEqual([{ type: 'read', channelId: 'c_1', seq: 2 }]);
    expect(reads.$byChannel.get().c_1).toEqual(state('c_1', { lastReadSeq: 2, lastSeq: 2 }));

    socket.play({ type: 'read', state: state('c_1', { lastReadSeq: 1, lastSeq: 2, unread: 1 }) });
    socket.play({ type: 'read', state: state('c_1', { lastReadSeq: 2, lastSeq: 3, unread: 1 }) });
    await until(reads.$byChannel, (states) => states.c_1?.lastSeq === 3);
    expect(reads.$byChannel.get().c_1?.lastReadSeq).toBe(2);
  });

  it('follow a mark made on another device, and mark over REST while the socket is down', async () => {
    ScriptedSocket.ready = { readStates: [state('c_1', { lastSeq: 9, unread: 9 })] };
    const { chat, socket } = await openChannel([message(1)], 1, readStatesOf);
    const reads = readStatesOf(chat);
    socket.play({ type: 'read', state: state('c_1', { lastReadSeq: 7, lastSeq: 9, unread: 2 }) });
    await until(reads.$byChannel, (states) => states.c_1?.unread === 2);

    chat.close();
    let body: unknown;
    mock.use(
      http.put(api('/api/channels/c_1/read'), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(state('c_1', { lastReadSeq: 9, lastSeq: 9 }));
      }),
    );
    await reads.markRead('c_1', 9);
    expect(body).toEqual({ seq: 9 });
    expect(reads.$byChannel.get().c_1).toEqual(state('c_1', { lastReadSeq: 9, lastSeq: 9 }));
  });
  it('made after `ready`: read the list over REST, with the frames that came meanwhile on top, counted once', async () => {
    ScriptedSocket.ready = { readStates: [state('c_1', { lastSeq: 1, unread: 1 })] };
    const { chat, socket } = await openChannel([message(1)]);
    let answer: (states: ReadState[]) => void = () => {};
    mock.use(
      http.get(
        api('/api/me/read-states'),
        () => new Promise<Response>((resolve) => (answer = (states) => resolve(HttpResponse.json(states)))),
      ),
    );
    const reads = readStatesOf(chat);
    expect(readStatesOf(chat)).toBe(reads);
    await waitFor(() => answer.length === 1 || undefined);

    socket.play(activity('c_1', 3)); // counted by the answer already
    socket.play(activity('c_1', 4));
    // Frames play in order: once the presence shows, both activities came.
    socket.play({ type: 'presence', channelId: 'c_1', users: [bob] });
    await until(chat.channel('c_1').$present, (users) => users.length === 1);
    expect(reads.$byChannel.get()).toEqual({});
    answer([state('c_1', { lastSeq: 3, unread: 3 }), state('c_2', { lastSeq: 5, lastReadSeq: 5 })]);

    await until(reads.$byChannel, (states) => states.c_1?.lastSeq === 4);
    expect(reads.$byChannel.get()).toEqual({
      c_1: state('c_1', { lastSeq: 4, unread: 4 }),
      c_2: state('c_2', { lastSeq: 5, lastReadSeq: 5 }),
    });
  });
});

describe('members store', () => {
  it('lists members online first and follows them as they come and go, reloading for one it does not hold', async () => {
    const carol = { id: 'u_carol', name: 'carol', avatarUrl: null };
    let loads = 0;
    mock.use(
      http.get(api('/api/servers/s_1/members'), () => {
        loads++;
        const members = [
          { user: ada, role: 'owner', online: true },
          { user: bob, role: 'member', online: false },
          ...(loads > 1 ? [{ user: carol, role: 'member', online: true }] : []),
        ];
        return HttpResponse.json({ members, hasMore: false });
      }),
    );
    const { chat, socket } = await openChannel([message(1)]);
    const $members = membersOf(chat, 's_1');
    stops.push($members.listen(() => {}));
    const names = () => ($members.get().value ?? []).map((member) => `${member.user.name}${member.online ? '*' : ''}`);
    await waitFor(() => $members.get().state === 'ready');
    expect(names()).toEqual(['Ada*', 'Bob']);

    socket.play({ type: 'member_presence', serverId: 's_1', user: bob, online: true });
    await until($members, () => names().join() === 'Ada*,Bob*');
    socket.play({ type: 'member_presence', serverId: 's_1', user: ada, online: false });
    await until($members, () => names().join() === 'Bob*,Ada');
    socket.play({ type: 'member_presence', serverId: 's_1', user: carol, online: true });
    await until($members, () => loads === 2 && names().includes('carol*'));
  });

  it('asks the socket for every member coming and going while a members store is watched, again after a reconnect, and stops after', async () => {
    mock.use(http.get(api('/api/servers/s_1/members'), () => HttpResponse.json({ members: [], hasMore: false })));
    const { chat, socket } = await openChannel([message(1)]);
    const watches = (from: ScriptedSocket) =>
      from.sent
        .filter((frame) => frame.type === 'watch_members' || frame.type === 'unwatch_members')
        .map((frame) => `${String(frame.type)} ${String(frame.serverId)}`);
    const stop = membersOf(chat, 's_1').listen(() => {});
    expect(watches(socket)).toEqual(['watch_members s_1']);

    socket.close(1006);
    chat.reconnect();
    const next = await waitFor(() => ScriptedSocket.last !== socket && ScriptedSocket.last);
    await waitFor(() => watches(next).length > 0);
    expect(watches(next)).toEqual(['watch_members s_1']);
    stop();
    // The store lets go a moment after its last watcher leaves (nanostores' unmount delay).
    await waitFor(() => watches(next).length > 1);
    expect(watches(next)).toEqual(['watch_members s_1', 'unwatch_members s_1']);
  });
});

describe('channel presence', () => {
  it('keeps the count beside the names, and takes a frame without a count (an older server) as naming everyone', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    socket.play({ type: 'presence', channelId: 'c_1', users: [ada, bob], count: 120 });
    await until(channel.$presentCount, (count) => count === 120);
    expect(channel.$present.get()).toEqual([ada, bob]);
    socket.play({ type: 'presence', channelId: 'c_1', users: [ada] });
    await until(channel.$presentCount, (count) => count === 1);
    expect(channel.$present.get()).toEqual([ada]);
  });
});
