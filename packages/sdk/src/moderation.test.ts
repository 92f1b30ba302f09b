// Roles, server and member changes, lost access, slow mode and time-outs at unit level, against the
// scripted server of scripted-server.test-support.ts; packages/sdk/test/community.test.ts runs the
// community entry against a real server.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ReadableAtom } from 'nanostores';
import {
  type AsyncState,
  type ChatClient,
  type ChatEvents,
  ChatSocketError,
  type Member,
  type Membership,
  type Server,
  createChatClient,
  isPending,
} from './index.js';
import { createServer } from './community.js';
import {
  ScriptedSocket,
  ada,
  api,
  bob,
  message,
  mock,
  openChannel,
  origin,
  stops,
  until,
  waitFor,
} from './scripted-server.test-support.js';
import { membersOf } from './members.js';
import { typingIn } from './typing.js';

type MembershipChange = Parameters<ChatEvents['membership']>[0];

const server = (id: string, changes: Partial<Server> = {}): Server => ({
  id,
  name: `Server ${id}`,
  description: '',
  iconUrl: null,
  bannerUrl: null,
  categoryId: 'ct_games',
  ownerId: 'u_owner',
  visibility: 'public',
  memberCount: 2,
  channels: [{ id: `c_${id}`, serverId: id, name: 'general', topic: '', position: 0, slowModeSeconds: 0 }],
  ...changes,
});
const membership = (serverId: string, role: Membership['role'] = 'member'): Membership => ({
  serverId,
  userId: ada.id,
  role,
  mutedUntil: null,
});
const member = (user: typeof ada, role: Member['role'] = 'member', online = false): Member => ({ user, role, mutedUntil: null, online });

/** A client whose socket is ready, with `memberships` in its `ready`, and every membership event it emits. */
async function connected(memberships: Membership[] = []) {
  ScriptedSocket.ready = { memberships };
  const chat: ChatClient = createChatClient({ url: origin, token: 't', WebSocket: ScriptedSocket });
  stops.push(() => chat.close());
  const changes: MembershipChange[] = [];
  stops.push(chat.on('membership', (change) => changes.push(change)));
  chat.connect();
  const socket = await waitFor(() => ScriptedSocket.last);
  await until(chat.$user, (user) => user !== null);
  return { chat, socket, changes };
}

/** Lets the frames played so far be handled. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Watches `store` for the rest of the test. */
const watch = (store: { listen: (listener: () => void) => () => void }) => stops.push(store.listen(() => {}));

const memberUpdate = (
  serverId: string,
  who: typeof ada,
  role: Member['role'] | null,
  change: string,
  mutedUntil: string | null = null,
) => ({
  type: 'member_update',
  serverId,
  user: who,
  role,
  mutedUntil,
  change,
});

describe('$roles', () => {
  it('holds the memberships of ready, by server id', async () => {
    const { chat } = await connected([membership('s_1', 'moderator'), { serverId: 's_2', userId: ada.id, role: 'owner' } as Membership]);

    expect(chat.$roles.get()).toEqual({
      s_1: membership('s_1', 'moderator'),
      // A server that leaves mutedUntil out means no time-out.
      s_2: membership('s_2', 'owner'),
    });
  });

  it('follows member_update about the user: a new role, a time-out and its end, in place and without a membership event', async () => {
    const { chat, socket, changes } = await connected([membership('s_1')]);

    socket.play(memberUpdate('s_1', ada, 'admin', 'role'));
    await until(chat.$roles, (roles) => roles.s_1?.role === 'admin');
    socket.play(memberUpdate('s_1', ada, 'admin', 'timeout', '2026-12-01T11:00:00.000Z'));
    await until(chat.$roles, (roles) => roles.s_1?.mutedUntil === '2026-12-01T11:00:00.000Z');
    socket.play(memberUpdate('s_1', ada, 'admin', 'timeout', null));
    await until(chat.$roles, (roles) => roles.s_1?.mutedUntil === null);

    expect(changes).toEqual([]);
  });

  it('ignores member_update about other members', async () => {
    const { chat, socket } = await connected([membership('s_1')]);

    socket.play(memberUpdate('s_1', bob, 'admin', 'role'));
    socket.play(memberUpdate('s_1', ada, 'moderator', 'role'));
    await until(chat.$roles, (roles) => roles.s_1?.role === 'moderator');

    expect(Object.keys(chat.$roles.get())).toEqual(['s_1']);
  });

  for (const reason of ['kicked', 'banned', 'left']) {
    it(`drops a server the user was removed from (${reason}), with the reason in the membership event and $memberships following`, async () => {
      mock.use(http.get(api('/api/servers'), () => HttpResponse.json([server('s_1'), server('s_2')])));
      const { chat, socket, changes } = await connected([membership('s_1'), membership('s_2')]);
      watch(chat.$memberships);
      await until(chat.$memberships, (state) => state.state === 'ready');
      // The refresh the event starts answers later than the test looks.
      mock.use(http.get(api('/api/servers'), () => new Promise<never>(() => {})));

      socket.play(memberUpdate('s_1', ada, null, reason));
      await until(chat.$roles, (roles) => !('s_1' in roles));

      expect(Object.keys(chat.$roles.get())).toEqual(['s_2']);
      expect(changes).toEqual([{ serverId: 's_1', member: false, reason }]);
      expect(chat.$memberships.get()).toMatchObject({ state: 'ready', value: ['s_2'] });
    });
  }

  it('gains a server the user creates, as its owner, with a membership event', async () => {
    mock.use(http.post(api('/api/servers'), () => HttpResponse.json(server('s_new', { ownerId: ada.id }), { status: 201 })));
    const { chat, changes } = await connected([]);

    await createServer(chat, { name: 'Server s_new', categoryId: 'ct_games' });

    expect(chat.$roles.get()).toEqual({ s_new: membership('s_new', 'owner') });
    expect(changes).toEqual([{ serverId: 's_new', member: true }]);
  });

  it('gains a server the user joined elsewhere, with a membership event', async () => {
    const { chat, socket, changes } = await connected([]);

    socket.play(memberUpdate('s_9', ada, 'member', 'joined'));
    await until(chat.$roles, (roles) => 's_9' in roles);

    expect(chat.$roles.get().s_9).toEqual(membership('s_9'));
    expect(changes).toEqual([{ serverId: 's_9', member: true }]);
  });

  it("follows this client's join and leave once, whatever member_update then says about them", async () => {
    mock.use(
      http.post(api('/api/servers/s_1/members'), () => HttpResponse.json(membership('s_1'), { status: 201 })),
      http.delete(api('/api/servers/s_1/members/me'), () => new HttpResponse(null, { status: 204 })),
    );
    const { chat, socket, changes } = await connected([]);

    await chat.servers.join('s_1');
    expect(chat.$roles.get()).toEqual({ s_1: membership('s_1') });
    socket.play(memberUpdate('s_1', ada, 'member', 'joined'));
    await settled();
    await chat.servers.leave('s_1');
    expect(chat.$roles.get()).toEqual({});
    socket.play(memberUpdate('s_1', ada, null, 'left'));
    await settled();
    socket.play(memberUpdate('s_2', ada, 'member', 'joined'));
    await until(chat.$roles, (roles) => 's_2' in roles);

    expect(changes).toEqual([
      { serverId: 's_1', member: true },
      { serverId: 's_1', member: false },
      { serverId: 's_2', member: true },
    ]);
  });
});

describe('server_update', () => {
  it('gives every loaded store of the server its new state in place, channels included', async () => {
    mock.use(
      http.get(api('/api/servers'), ({ request }) =>
        HttpResponse.json(
          new URL(request.url).searchParams.get('category') === 'ct_other' ? [server('s_2')] : [server('s_1'), server('s_2')],
        ),
      ),
      http.get(api('/api/servers/s_1'), () => HttpResponse.json(server('s_1'))),
    );
    const { chat, socket } = await connected([membership('s_1', 'admin')]);
    const [$all, $other, $one] = [chat.servers.$list(), chat.servers.$list({ category: 'ct_other' }), chat.servers.$get('s_1')];
    for (const store of [$all, $other, $one] as Array<ReadableAtom<AsyncState<unknown>>>) {
      watch(store);
      await until(store, (state) => state.state === 'ready');
    }
    const otherBefore = $other.get();

    const renamed = server('s_1', {
      name: 'Renamed',
      channels: [
        { id: 'c_new', serverId: 's_1', name: 'news', topic: 'Fresh', position: 0, slowModeSeconds: 30 },
        { id: 'c_s_1', serverId: 's_1', name: 'general', topic: 'Anything', position: 1, slowModeSeconds: 0 },
      ],
    });
    socket.play({ type: 'server_update', server: renamed });
    await until($one, (state) => state.value?.name === 'Renamed');

    expect($one.get()).toEqual({ state: 'ready', value: renamed });
    expect($all.get().value).toEqual([renamed, server('s_2')]);
    // A list without the server is left alone, not even notified.
    expect($other.get()).toBe(otherBefore);
  });

  it('leaves a store that is not loaded to load the new state itself', async () => {
    const { chat, socket } = await connected([membership('s_1')]);
    socket.play({ type: 'server_update', server: server('s_1', { name: 'Renamed' }) });
    await settled();

    mock.use(http.get(api('/api/servers/s_1'), () => HttpResponse.json(server('s_1', { name: 'Renamed' }))));
    const $one = chat.servers.$get('s_1');
    watch($one);
    expect((await until($one, (state) => state.state === 'ready')).value?.name).toBe('Renamed');
  });
});

describe('member_update in a loaded $members store', () => {
  async function withMembers() {
    let loads = 0;
    const members = [member(ada, 'owner', true), member(bob, 'member')];
    mock.use(
      http.get(api('/api/servers/s_1/members'), () => {
        loads++;
        return HttpResponse.json({ members: loads === 1 ? members : [...members, member(carol)], hasMore: false });
      }),
    );
    const context = await connected([membership('s_1', 'owner')]);
    const $members = membersOf(context.chat, 's_1');
    watch($members);
    await until($members, (state) => state.state === 'ready');
    return { ...context, $members, loads: () => loads };
  }
  const carol = { id: 'u_carol', name: 'Carol', avatarUrl: null };

  it('changes a role and a time-out in place', async () => {
    const { socket, $members, loads } = await withMembers();

    socket.play(memberUpdate('s_1', bob, 'moderator', 'role'));
    await until($members, (state) => state.value?.[1]?.role === 'moderator');
    socket.play(memberUpdate('s_1', bob, 'moderator', 'timeout', '2026-12-01T11:00:00.000Z'));
    await until($members, (state) => state.value?.[1]?.mutedUntil === '2026-12-01T11:00:00.000Z');

    expect($members.get().value).toEqual([
      member(ada, 'owner', true),
      { ...member(bob, 'moderator'), mutedUntil: '2026-12-01T11:00:00.000Z' },
    ]);
    expect(loads()).toBe(1);
  });

  it('drops a member who left or was kicked or banned', async () => {
    const { socket, $members } = await withMembers();

    socket.play(memberUpdate('s_1', bob, null, 'banned'));
    await until($members, (state) => state.value?.length === 1);

    expect($members.get().value).toEqual([member(ada, 'owner', true)]);
  });

  it('loads again when someone joins', async () => {
    const { socket, $members, loads } = await withMembers();

    socket.play(memberUpdate('s_1', carol, 'member', 'joined'));
    await until($members, (state) => state.value?.length === 3);

    expect(loads()).toBe(2);
  });
});

describe('access ended by the server', () => {
  for (const reason of ['kicked', 'banned', 'private', 'deleted', 'left']) {
    it(`stops the channel with access_revoked and the reason (${reason}), failing its pending sends`, async () => {
      const { channel, socket, errors } = await openChannel([message(1)]);
      const sending = channel.send('too late').catch((error: unknown) => error);

      socket.play({ type: 'unsubscribed', channelId: 'c_1', reason });
      const status = await until(channel.$status, (value) => value.state === 'error');

      expect(status.error).toBeInstanceOf(ChatSocketError);
      expect(status.error).toMatchObject({ code: 'access_revoked', ref: 'c_1', reason });
      expect(await sending).toMatchObject({ code: 'access_revoked', reason });
      const row = channel.$messages.get().find((each) => each.content === 'too late');
      expect(row && isPending(row) && row.state).toBe('failed');
      expect(errors.some((error) => error instanceof ChatSocketError && error.code === 'access_revoked')).toBe(true);
    });
  }

  it('forgets who is present, ignores later presence, and does not subscribe the channel again after a reconnect', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    socket.play({ type: 'presence', channelId: 'c_1', users: [ada, bob] });
    await until(channel.$present, (users) => users.length === 2);

    socket.play({ type: 'unsubscribed', channelId: 'c_1', reason: 'kicked' });
    socket.play({ type: 'presence', channelId: 'c_1', users: [ada, bob] });
    await until(channel.$status, (value) => value.state === 'error');
    await settled();
    expect(channel.$present.get()).toEqual([]);

    socket.close(1006);
    const next = await waitFor(() => ScriptedSocket.last !== socket && ScriptedSocket.last);
    await waitFor(() => next.sent.some((frame) => frame.type === 'hello'));
    await settled();
    expect(next.sent.filter((frame) => frame.type === 'subscribe')).toEqual([]);
  });

  it('confirms an unsubscribe the client asked for without touching the channel', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    socket.play({ type: 'unsubscribed', channelId: 'c_1' });
    const { $typists } = typingIn(channel);
    stops.push($typists.listen(() => {}));
    socket.play({ type: 'typing', channelId: 'c_1', user: bob });
    await until($typists, (users) => users.length === 1);

    expect(channel.$status.get().state).toBe('ready');
  });
});

describe('refused sends', () => {
  /** The clientId of every send frame of `socket` so far. */
  const sends = (socket: ScriptedSocket) => socket.sent.filter((frame) => frame.type === 'send').map((frame) => frame.clientId);

  it('a send refused by slow mode waits retryAfterMs and goes out again, as often as it takes, then resolves', async () => {
    const { channel, socket, errors } = await openChannel([message(1)]);
    const sending = channel.send('patience');
    const clientId = await waitFor(() => sends(socket)[0]);

    // More refusals than the outbox retries a refusal that names no time.
    for (let refusal = 1; refusal <= 5; refusal++) {
      socket.play({ type: 'error', code: 'rate_limited', message: 'slow mode', ref: clientId, retryAfterMs: 10 });
      await waitFor(() => sends(socket).length === refusal + 1);
      expect(channel.$messages.get().at(-1)).toMatchObject({ clientId, state: 'pending' });
    }
    const stored = message(2, { content: 'patience', clientId: clientId as string });
    socket.play({ type: 'ack', clientId, message: stored });

    expect(await sending).toEqual(stored);
    expect(new Set(sends(socket))).toEqual(new Set([clientId]));
    const refusal = errors.find((error) => error instanceof ChatSocketError && error.code === 'rate_limited');
    expect(refusal).toMatchObject({ ref: clientId, retryAfterMs: 10 });
  });

  it('a send refused with timed_out fails at once with that code', async () => {
    const { channel, socket } = await openChannel([message(1)]);
    const sending = channel.send('muted').catch((error: unknown) => error);
    const clientId = await waitFor(() => sends(socket)[0]);

    socket.play({ type: 'error', code: 'timed_out', message: 'timed out', ref: clientId, retryAfterMs: 60_000 });
    const failure = await sending;

    expect(failure).toBeInstanceOf(ChatSocketError);
    expect(failure).toMatchObject({ code: 'timed_out', ref: clientId, retryAfterMs: 60_000 });
    expect(channel.$messages.get().at(-1)).toMatchObject({ clientId, state: 'failed' });
    await settled();
    expect(sends(socket)).toEqual([clientId]);
  });
});
