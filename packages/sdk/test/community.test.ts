// @hearth/sdk/community against a real server: managing a server and its channels, roles,
// time-outs, kicks, bans, invites and the audit log, and how the other members' clients follow live.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvite, createServer, manageServer, previewInvite } from '../src/community.js';
import { type ChatClient, type ChatEvents, ChatApiError, ChatSocketError, type Server, isPending } from '../src/index.js';
import {
  type Community,
  GENEROUS_LIMITS,
  type TestServer,
  TEST_CATEGORY,
  closeClients,
  createCommunity,
  nodeClient,
  startTestServer,
  tokenFor,
  until,
} from './support.js';
import { membersOf } from '../src/members.js';

let server: TestServer;
let community: Community;

beforeAll(async () => {
  server = await startTestServer(GENEROUS_LIMITS);
  community = await createCommunity(server);
});
afterEach(() => closeClients());
afterAll(() => server.stop());

/** A client as `token` whose socket is open, and every membership event it emits. */
async function connected(token: string) {
  const chat = nodeClient(server.url, { token });
  const changes: Array<Parameters<ChatEvents['membership']>[0]> = [];
  chat.on('membership', (change) => changes.push(change));
  chat.connect();
  await until(chat.$user, (user) => user !== null);
  return { chat, changes };
}

/**
 * A new server of Alice's, with `members` joined; her client (connected once the server exists)
 * and her admin actions.
 */
async function aliceServer(visibility: 'public' | 'private', ...members: ChatClient[]) {
  const creator = nodeClient(server.url, { token: community.alice.token });
  const created = await createServer(creator, {
    name: `Guild ${Math.random().toString(36).slice(2, 8)}`,
    categoryId: TEST_CATEGORY,
    visibility,
  });
  expect(creator.$roles.get()[created.id]).toMatchObject({ role: 'owner', userId: community.alice.id });
  const { chat: alice } = await connected(community.alice.token);
  const admin = manageServer(alice, created.id);
  for (const member of members) await acceptInvite(member, (await admin.createInvite()).code);
  return { alice, admin, created, general: created.channels[0]?.id as string };
}

/** A user that exists only for this test: their client with an open socket. */
async function newcomer(name: string) {
  const user = { id: `u_${name.toLowerCase()}_${Math.random().toString(36).slice(2, 8)}`, name };
  return { ...user, ...(await connected(await tokenFor(user))) };
}

/** What `promise` rejects with (fails the test when it resolves). */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );

describe('managing a server', () => {
  it("edits the server and its channels, and a member's stores follow each change live", async () => {
    const bob = await connected(community.bob.token);
    const { admin, created, general } = await aliceServer('public', bob.chat);
    const $seen = bob.chat.servers.$get(created.id);
    const $mine = bob.chat.servers.$list({ member: 'me' });
    const unbind = [$seen.listen(() => {}), $mine.listen(() => {})];
    await until($seen, (state) => state.state === 'ready');
    await until($mine, (state) => state.state === 'ready' && state.value.some((each) => each.id === created.id));
    const shown = (state: { value?: Server | undefined }) => state.value;

    const updated = await admin.update({ name: 'Renamed guild', description: 'New words' });
    expect(updated).toMatchObject({ name: 'Renamed guild', description: 'New words' });
    await until($seen, (state) => shown(state)?.name === 'Renamed guild');
    await until($mine, (state) => state.value?.some((each) => each.name === 'Renamed guild') === true);

    const news = await admin.createChannel({ name: 'news', topic: 'What is new' });
    expect(news).toMatchObject({ name: 'news', topic: 'What is new', slowModeSeconds: 0 });
    const slow = await admin.updateChannel(news.id, { topic: 'Slowly', slowModeSeconds: 30 });
    expect(slow).toMatchObject({ id: news.id, topic: 'Slowly', slowModeSeconds: 30 });
    await until($seen, (state) => shown(state)?.channels.some((each) => each.id === news.id && each.slowModeSeconds === 30) === true);

    const ordered = await admin.reorderChannels([news.id, general]);
    expect(ordered.map((each) => [each.id, each.position])).toEqual([
      [news.id, 0],
      [general, 1],
    ]);
    await until($seen, (state) => shown(state)?.channels[0]?.id === news.id);

    // Bob reads the channel about to be deleted: his subscription ends, saying why.
    const doomed = bob.chat.channel(news.id);
    const unwatch = doomed.$messages.listen(() => {});
    await until(doomed.$status, (status) => status.state === 'ready');
    await admin.deleteChannel(news.id);
    const status = await until(doomed.$status, (value) => value.state === 'error');
    expect(status.error).toMatchObject({ code: 'access_revoked', reason: 'deleted' });
    await until(
      $seen,
      (state) =>
        shown(state)
          ?.channels.map((each) => each.id)
          .join() === general,
    );
    unwatch();
    unbind.forEach((stop) => stop());
  });

  it("refuses a clashing channel name, a reorder naming another server's channel, and slow mode out of range", async () => {
    const { admin, general } = await aliceServer('public');

    expect(await rejection(admin.createChannel({ name: 'general' }))).toMatchObject({ status: 409, code: 'conflict' });
    const foreign = await rejection(admin.reorderChannels([general, community.general]));
    expect(foreign).toBeInstanceOf(ChatApiError);
    expect(foreign).toMatchObject({ status: 400, code: 'invalid_input', problem: { field: 'channelIds' } });
    const tooSlow = await rejection(admin.updateChannel(general, { slowModeSeconds: 21_601 }));
    expect(tooSlow).toMatchObject({ status: 400, code: 'invalid_input', problem: { field: 'slowModeSeconds' } });
  });

  it('refuses a member who is not an admin with forbidden', async () => {
    const bob = await connected(community.bob.token);
    const { created, general } = await aliceServer('public', bob.chat);
    const asBob = manageServer(bob.chat, created.id);

    expect(await rejection(asBob.update({ name: 'Mine now' }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await rejection(asBob.updateChannel(general, { topic: 'mine' }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await rejection(asBob.createInvite())).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await rejection(asBob.auditLog())).toMatchObject({ status: 403, code: 'forbidden' });
  });
});

describe('roles and moderation', () => {
  it("shows a new role and a time-out in the member's $roles and the owner's $members, and a timed-out send fails", async () => {
    const dave = await newcomer('Dave');
    const { alice, admin, created, general } = await aliceServer('public', dave.chat);
    await until(dave.chat.$roles, (roles) => roles[created.id]?.role === 'member');
    const $members = membersOf(alice, created.id);
    const unbind = $members.listen(() => {});
    await until($members, (state) => state.value?.some((member) => member.user.id === dave.id) === true);

    const promoted = await admin.setRole(dave.id, 'moderator', 'helps out');
    expect(promoted).toMatchObject({ user: { id: dave.id }, role: 'moderator' });
    await until(dave.chat.$roles, (roles) => roles[created.id]?.role === 'moderator');
    await until($members, (state) => state.value?.find((member) => member.user.id === dave.id)?.role === 'moderator');

    await admin.setRole(dave.id, 'member');
    const timedOut = await admin.timeOut(dave.id, 600, 'cool off');
    expect(Date.parse(timedOut.mutedUntil ?? '')).toBeGreaterThan(Date.now());
    const roles = await until(dave.chat.$roles, (value) => value[created.id]?.mutedUntil != null);
    expect(roles[created.id]).toMatchObject({ role: 'member', mutedUntil: timedOut.mutedUntil });
    await until($members, (state) => state.value?.find((member) => member.user.id === dave.id)?.mutedUntil === timedOut.mutedUntil);

    const channel = dave.chat.channel(general);
    const unwatch = channel.$messages.listen(() => {});
    await until(channel.$status, (status) => status.state === 'ready');
    const failure = await rejection(channel.send('let me speak'));
    expect(failure).toBeInstanceOf(ChatSocketError);
    expect(failure).toMatchObject({ code: 'timed_out' });

    await admin.timeOut(dave.id, 0);
    await until(dave.chat.$roles, (value) => value[created.id]?.mutedUntil === null);
    expect((await channel.send('thank you')).content).toBe('thank you');
    unwatch();
    unbind();
  });

  for (const removal of ['kick', 'ban'] as const) {
    it(`${removal === 'kick' ? 'kicks' : 'bans'} a member: their open channel ends saying why, and the server leaves their stores`, async () => {
      const dave = await newcomer('Dave');
      const { alice, admin, created, general } = await aliceServer('private', dave.chat);
      const channel = dave.chat.channel(general);
      const unwatch = channel.$messages.listen(() => {});
      await until(channel.$status, (status) => status.state === 'ready');
      const $members = membersOf(alice, created.id);
      const unbind = $members.listen(() => {});
      await until($members, (state) => state.value?.some((member) => member.user.id === dave.id) === true);

      if (removal === 'kick') expect(await admin.kick(dave.id, 'rude')).toBeUndefined();
      else
        expect(await admin.ban(dave.id, 'spam')).toMatchObject({ user: { id: dave.id }, reason: 'spam', by: { id: community.alice.id } });
      const reason = removal === 'kick' ? 'kicked' : 'banned';

      const status = await until(channel.$status, (value) => value.state === 'error');
      expect(status.error).toMatchObject({ code: 'access_revoked', ref: general, reason });
      await until(dave.chat.$roles, (roles) => !(created.id in roles));
      expect(dave.changes).toContainEqual({ serverId: created.id, member: false, reason });
      await until($members, (state) => state.value?.some((member) => member.user.id === dave.id) === false);
      // Nothing of the server reaches Dave any more.
      await alice.messages.post(general, { content: 'after the removal' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(channel.$messages.get().some((message) => !isPending(message) && message.content === 'after the removal')).toBe(false);
      unwatch();
      unbind();
    });
  }

  it('lists bans, keeps a banned user out of invites until unbanned, and the audit log tells every step', async () => {
    const dave = await newcomer('Dave');
    const { admin, general } = await aliceServer('private', dave.chat);

    await admin.updateChannel(general, { slowModeSeconds: 5 });
    await admin.ban(dave.id, 'spam');
    expect((await admin.bans()).map((ban) => [ban.user.id, ban.reason])).toEqual([[dave.id, 'spam']]);
    const invite = await admin.createInvite();
    expect(await rejection(acceptInvite(dave.chat, invite.code))).toMatchObject({ status: 403, code: 'banned' });

    await admin.unban(dave.id);
    expect(await admin.bans()).toEqual([]);
    expect(await acceptInvite(dave.chat, invite.code)).toMatchObject({ userId: dave.id, role: 'member' });
    expect(await rejection(admin.unban(dave.id))).toMatchObject({ status: 404 });

    const log = await admin.auditLog();
    expect(log.entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['channel_update', 'member_ban', 'invite_create', 'member_unban']),
    );
    const ban = log.entries.find((entry) => entry.action === 'member_ban');
    expect(ban).toMatchObject({ actor: { id: community.alice.id }, target: { kind: 'user', id: dave.id }, reason: 'spam' });
    // Newest first, paged by id.
    const ids = log.entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const older = await admin.auditLog({ before: ids[0] as number, limit: 1 });
    expect(older.entries.map((entry) => entry.id)).toEqual([ids[1]]);
    expect(older.hasMore).toBe(true);
  });
});

describe('invites', () => {
  it('bring a newcomer into a private server: preview, accept, and $roles and $memberships follow', async () => {
    const { admin, created } = await aliceServer('private');
    const invite = await admin.createInvite({ maxAgeSeconds: 3600, maxUses: 2 });
    expect(invite).toMatchObject({ serverId: created.id, maxUses: 2, uses: 0 });
    const erin = await newcomer('Erin');
    erin.chat.$memberships.listen(() => {});
    await until(erin.chat.$memberships, (state) => state.state === 'ready');

    const preview = await previewInvite(erin.chat, invite.code);
    expect(preview.server).toMatchObject({ id: created.id, name: created.name, visibility: 'private', memberCount: 1 });
    const membership = await acceptInvite(erin.chat, invite.code);

    expect(membership).toMatchObject({ serverId: created.id, userId: erin.id, role: 'member' });
    expect(erin.chat.$roles.get()[created.id]).toMatchObject({ role: 'member' });
    expect(erin.chat.$memberships.get().value).toContain(created.id);
    expect(erin.changes).toContainEqual({ serverId: created.id, member: true });
    expect((await admin.invites()).find((each) => each.code === invite.code)?.uses).toBe(1);
  });

  it('fail clearly once revoked, used up or unknown', async () => {
    const { admin } = await aliceServer('private');
    const [frank, grace] = [await newcomer('Frank'), await newcomer('Grace')];

    const revoked = await admin.createInvite();
    await admin.revokeInvite(revoked.code);
    expect(await rejection(previewInvite(frank.chat, revoked.code))).toMatchObject({ status: 404, code: 'unknown_invite' });
    expect(await rejection(acceptInvite(frank.chat, revoked.code))).toMatchObject({ status: 404, code: 'unknown_invite' });

    const once = await admin.createInvite({ maxUses: 1 });
    await acceptInvite(frank.chat, once.code);
    expect(await rejection(acceptInvite(grace.chat, once.code))).toMatchObject({ status: 410, code: 'invite_expired' });
    expect(grace.chat.$roles.get()).toEqual({});

    expect(await rejection(acceptInvite(grace.chat, 'no-such-code'))).toMatchObject({ status: 404, code: 'unknown_invite' });
  });
});

describe('slow mode', () => {
  it("holds a member's second message until the window passes, then sends it: nothing is lost", async () => {
    const henry = await newcomer('Henry');
    const { admin, general } = await aliceServer('public', henry.chat);
    await admin.updateChannel(general, { slowModeSeconds: 1 });
    const refusals: ChatSocketError[] = [];
    henry.chat.on('error', (error) => {
      if (error instanceof ChatSocketError && error.code === 'rate_limited') refusals.push(error);
    });
    const channel = henry.chat.channel(general);
    const unwatch = channel.$messages.listen(() => {});
    await until(channel.$status, (status) => status.state === 'ready');

    await channel.send('first');
    const started = Date.now();
    const second = await channel.send('second');

    expect(second.content).toBe('second');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]?.retryAfterMs).toBeGreaterThan(0);
    expect(refusals[0]?.retryAfterMs).toBeLessThanOrEqual(1000);
    unwatch();
  });
});
