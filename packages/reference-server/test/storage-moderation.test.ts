import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Server, User } from '../src/domain/types.js';
import { openStorage } from '../src/storage/open-storage.js';
import type { Storage } from '../src/storage/types.js';
import { TEST_CATEGORY, makeDataDir, prepareEnvironment } from './support/test-server.js';
import { TEST_ENGINE, releaseStorage } from './support/test-storage.js';

const silent = pino({ level: 'silent' });
const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: 'https://example.test/ada.png' };
const bob: User = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const cyd: User = { id: 'u_cyd', name: 'Cyd', avatarUrl: null };

// One database for the file, as two processes would hold it; each test makes servers of its own.
let first: Storage;
let second: Storage;
let dataDir: string;
let serial = 0;

beforeAll(async () => {
  dataDir = makeDataDir();
  const { database } = loadConfig(await prepareEnvironment(dataDir));
  [first, second] = await Promise.all([openStorage(database, silent), openStorage(database, silent)]);
});

afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  rmSync(dataDir, { recursive: true, force: true });
  await releaseStorage(dataDir);
});

/** A fresh server owned by Ada, with `general` and the other channels named, in that order. */
async function community(...more: string[]): Promise<Server & { ids: string[] }> {
  serial++;
  const server = await first.servers.create({
    name: `Moderation ${serial}`,
    description: '',
    categoryId: TEST_CATEGORY,
    owner: ada,
    visibility: 'public',
    firstChannel: { name: 'general', topic: '' },
  });
  const ids = [server.channels[0]?.id as string];
  for (const name of more) {
    const created = await first.channels.create({ serverId: server.id, name, topic: '' });
    if (!('created' in created)) throw new Error(`could not create #${name}`);
    ids.push(created.created.id);
  }
  return { ...server, ids };
}

const post = (channelId: string, author: User, content: string, extra: { threadId?: string; mentions?: string[] } = {}) =>
  first.messages.append({ channelId, author, clientId: null, content, ...extra }).then((result) => result.message);

describe.each([TEST_ENGINE])('Storage moderation on %s', () => {
  it('reads slow mode on every channel and the time-out on every member, both off by default', async () => {
    const server = await community();
    expect(server.channels).toEqual([
      { id: server.ids[0], serverId: server.id, name: 'general', topic: '', position: 0, slowModeSeconds: 0 },
    ]);
    const slow = await first.channels.create({ serverId: server.id, name: 'slow', topic: 'calm', slowModeSeconds: 30 });
    expect(slow).toMatchObject({ created: { name: 'slow', position: 1, slowModeSeconds: 30 } });
    const slowId = 'created' in slow ? slow.created.id : '';
    expect(await second.channels.get(slowId)).toMatchObject({ slowModeSeconds: 30 });
    expect((await second.servers.get(server.id))?.channels.map((channel) => channel.slowModeSeconds)).toEqual([0, 30]);
    const listed = await second.servers.list({ viewerId: ada.id, memberOnly: true, limit: 1000 });
    expect(listed.find((entry) => entry.id === server.id)?.channels.map((channel) => channel.slowModeSeconds)).toEqual([0, 30]);

    expect(await first.servers.join(server.id, bob)).toBe(true);
    expect(await first.servers.addMember(server.id, cyd.id)).toBe(true);
    const members = await second.servers.members(server.id, { prefix: '', limit: 10, offset: 0, online: [] });
    expect(members.members.map((member) => [member.user.id, member.role, member.mutedUntil])).toEqual([
      [ada.id, 'owner', null],
      [bob.id, 'member', null],
      [cyd.id, 'member', null],
    ]);
    expect(await second.servers.membership(server.id, bob.id)).toEqual({
      serverId: server.id,
      userId: bob.id,
      role: 'member',
      mutedUntil: null,
    });
    expect(await second.servers.membership(server.id, 'u_nobody')).toBeUndefined();
  });

  it('sets roles and time-outs of members only, and lists every membership of a user with both', async () => {
    const one = await community();
    const two = await community();
    await first.servers.join(one.id, bob);
    await first.servers.join(two.id, bob);
    const until = '2030-01-02T03:04:05.678Z';

    expect(await first.servers.setRole(one.id, bob.id, 'moderator')).toBe(true);
    expect(await first.servers.setRole(two.id, bob.id, 'admin')).toBe(true);
    expect(await first.servers.setRole(one.id, cyd.id, 'admin')).toBe(false);
    expect(await first.servers.setMutedUntil(two.id, bob.id, until)).toBe(true);
    expect(await first.servers.setMutedUntil(one.id, cyd.id, until)).toBe(false);
    expect(await second.servers.roleOf(one.id, bob.id)).toBe('moderator');
    expect(await second.servers.roleOf(one.id, cyd.id)).toBeUndefined();
    expect(await second.servers.membership(two.id, bob.id)).toEqual({ serverId: two.id, userId: bob.id, role: 'admin', mutedUntil: until });

    const mine = await second.servers.membershipsOf(bob.id);
    const byServer = (serverId: string) => mine.find((membership) => membership.serverId === serverId);
    expect(byServer(one.id)).toEqual({ serverId: one.id, userId: bob.id, role: 'moderator', mutedUntil: null });
    expect(byServer(two.id)).toEqual({ serverId: two.id, userId: bob.id, role: 'admin', mutedUntil: until });
    expect(mine.every((membership) => membership.userId === bob.id)).toBe(true);
    expect(await second.servers.membershipsOf('u_nobody')).toEqual([]);

    const listed = await second.servers.members(two.id, { prefix: 'b', limit: 10, offset: 0, online: [bob.id] });
    expect(listed.members).toEqual([{ user: bob, role: 'admin', mutedUntil: until, online: true }]);
    expect(await first.servers.setMutedUntil(two.id, bob.id, null)).toBe(true);
    expect((await second.servers.membership(two.id, bob.id))?.mutedUntil).toBeNull();
  });

  it('changes the server fields given and keeps the others; undefined for an unknown server', async () => {
    const server = await community();
    await first.categories.create({ id: `ct_other_${TEST_ENGINE}_${serial}`, name: `Other ${serial}`, description: '', iconUrl: null });
    const updated = await first.servers.update(server.id, {
      name: 'Renamed',
      visibility: 'private',
      categoryId: `ct_other_${TEST_ENGINE}_${serial}`,
    });
    expect(updated).toEqual({
      ...server,
      ids: undefined,
      name: 'Renamed',
      visibility: 'private',
      categoryId: `ct_other_${TEST_ENGINE}_${serial}`,
    });
    const described = await first.servers.update(server.id, { description: 'A place' });
    expect(described).toMatchObject({ name: 'Renamed', description: 'A place', visibility: 'private' });
    expect(await second.servers.get(server.id)).toEqual(described);
    expect(await first.servers.update(server.id, {})).toEqual(described);
    expect(await first.servers.update('s_unknown', { name: 'x' })).toBeUndefined();
    expect(await first.servers.update('s_unknown', {})).toBeUndefined();
  });

  it('bans in one step: the membership goes, the ban is recorded, a second ban replaces the reason, unban lifts it', async () => {
    const server = await community();
    await first.servers.join(server.id, bob);
    await first.servers.join(server.id, cyd);
    expect((await first.servers.get(server.id))?.memberCount).toBe(3);

    const ban = await first.servers.ban({ serverId: server.id, userId: bob.id, byId: ada.id, reason: 'spam' });
    expect(ban).toEqual({ serverId: server.id, user: bob, by: ada, reason: 'spam', createdAt: ban.createdAt });
    expect(Date.parse(ban.createdAt)).not.toBeNaN();
    expect(await second.servers.roleOf(server.id, bob.id)).toBeUndefined();
    expect((await second.servers.get(server.id))?.memberCount).toBe(2);
    expect(await second.servers.banOf(server.id, bob.id)).toEqual(ban);

    // A non-member, even one never seen, can be banned; the ban names them by their id.
    const stranger = await first.servers.ban({ serverId: server.id, userId: 'u_never_seen', byId: ada.id, reason: null });
    expect(stranger.user).toEqual({ id: 'u_never_seen', name: 'u_never_seen', avatarUrl: null });
    expect((await second.servers.get(server.id))?.memberCount).toBe(2);

    const again = await first.servers.ban({ serverId: server.id, userId: bob.id, byId: cyd.id, reason: 'still spam' });
    expect(again).toMatchObject({ user: bob, by: cyd, reason: 'still spam' });
    expect((await second.servers.bans(server.id)).map((entry) => [entry.user.id, entry.reason])).toEqual([
      ['u_never_seen', null],
      [bob.id, 'still spam'],
    ]);

    expect(await first.servers.unban(server.id, bob.id)).toBe(true);
    expect(await first.servers.unban(server.id, bob.id)).toBe(false);
    expect(await second.servers.banOf(server.id, bob.id)).toBeUndefined();
    expect((await second.servers.bans(server.id)).map((entry) => entry.user.id)).toEqual(['u_never_seen']);
    // Unbanned is not a member again.
    expect(await second.servers.roleOf(server.id, bob.id)).toBeUndefined();
  });

  it('stores invites, lists them newest first with their creator, and revokes one of its own server only', async () => {
    const server = await community();
    const elsewhere = await community();
    const older = await first.invites.create({
      code: `old${serial}`,
      serverId: server.id,
      createdById: ada.id,
      expiresAt: null,
      maxUses: null,
    });
    expect(older).toEqual({
      code: `old${serial}`,
      serverId: server.id,
      createdBy: ada,
      createdAt: older.createdAt,
      expiresAt: null,
      maxUses: null,
      uses: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await first.invites.create({
      code: `new${serial}`,
      serverId: server.id,
      createdById: ada.id,
      expiresAt: '2031-05-06T07:08:09.000Z',
      maxUses: 3,
    });
    expect(newer).toMatchObject({ expiresAt: '2031-05-06T07:08:09.000Z', maxUses: 3, uses: 0 });
    expect(await second.invites.get(newer.code)).toEqual(newer);
    expect(await second.invites.get('nope')).toBeUndefined();
    expect(await second.invites.list(server.id)).toEqual([newer, older]);
    expect(await second.invites.list(elsewhere.id)).toEqual([]);

    expect(await first.invites.revoke(elsewhere.id, older.code)).toBe(false);
    expect(await first.invites.revoke(server.id, older.code)).toBe(true);
    expect(await first.invites.revoke(server.id, older.code)).toBe(false);
    expect(await second.invites.get(older.code)).toBeUndefined();
    expect(await second.invites.list(server.id)).toEqual([newer]);
  });

  it('uses an invite: refuses unknown, expired, used-up and banned; a member again uses nothing; a new member one use', async () => {
    const server = await community();
    const now = new Date('2030-06-01T12:00:00.000Z');
    const make = (code: string, expiresAt: string | null, maxUses: number | null) =>
      first.invites.create({ code: `${code}${serial}`, serverId: server.id, createdById: ada.id, expiresAt, maxUses });
    const open = await make('open', null, 2);
    const expired = await make('expired', now.toISOString(), null);
    const later = await make('later', new Date(now.getTime() + 1).toISOString(), null);

    expect(await first.invites.use('unknown', bob, now)).toEqual({ refused: 'unknown_invite' });
    // Expiry at the very moment of use counts as expired.
    expect(await first.invites.use(expired.code, bob, now)).toEqual({ refused: 'invite_expired' });
    await first.servers.ban({ serverId: server.id, userId: cyd.id, byId: ada.id, reason: null });
    expect(await first.invites.use(open.code, cyd, now)).toEqual({ refused: 'banned' });
    expect(await second.servers.roleOf(server.id, bob.id)).toBeUndefined();

    const renamedBob = { ...bob, name: 'Bobby' };
    expect(await first.invites.use(later.code, renamedBob, now)).toEqual({
      joined: { serverId: server.id, userId: bob.id, role: 'member', mutedUntil: null },
      created: true,
      serverId: server.id,
    });
    expect((await second.servers.members(server.id, { prefix: 'bob', limit: 5, offset: 0, online: [] })).members[0]?.user).toEqual(
      renamedBob,
    );
    await first.users.upsert(bob);

    expect(await first.invites.use(open.code, bob, now)).toMatchObject({ created: false, joined: { role: 'member' } });
    expect((await second.invites.get(open.code))?.uses).toBe(0);
    await first.servers.setRole(server.id, bob.id, 'moderator');
    expect(await first.invites.use(open.code, bob, now)).toMatchObject({ created: false, joined: { role: 'moderator' } });

    const dan: User = { id: `u_dan_${serial}`, name: 'Dan', avatarUrl: null };
    const eve: User = { id: `u_eve_${serial}`, name: 'Eve', avatarUrl: null };
    const fay: User = { id: `u_fay_${serial}`, name: 'Fay', avatarUrl: null };
    expect(await first.invites.use(open.code, dan, now)).toMatchObject({ created: true });
    expect((await second.invites.get(open.code))?.uses).toBe(1);
    expect(await second.invites.use(open.code, eve, now)).toMatchObject({ created: true });
    expect((await second.invites.get(open.code))?.uses).toBe(2);
    expect(await first.invites.use(open.code, fay, now)).toEqual({ refused: 'invite_expired' });
    expect(await second.servers.roleOf(server.id, fay.id)).toBeUndefined();
    expect((await second.servers.get(server.id))?.memberCount).toBe(4);
  });

  it('lets only one of many users at once through two storages join with a single-use invite', async () => {
    const server = await community();
    const invite = await first.invites.create({
      code: `once${serial}`,
      serverId: server.id,
      createdById: ada.id,
      expiresAt: null,
      maxUses: 1,
    });
    const users = Array.from({ length: 10 }, (_, index): User => ({
      id: `u_race_${serial}_${index}`,
      name: `Racer ${index}`,
      avatarUrl: null,
    }));
    const now = new Date();
    const outcomes = await Promise.all(users.map((user, index) => (index % 2 ? first : second).invites.use(invite.code, user, now)));
    expect(outcomes.filter((outcome) => 'joined' in outcome)).toHaveLength(1);
    expect(outcomes.filter((outcome) => 'refused' in outcome && outcome.refused === 'invite_expired')).toHaveLength(9);
    expect((await first.invites.get(invite.code))?.uses).toBe(1);
    expect((await first.servers.get(server.id))?.memberCount).toBe(2);
  });

  it('updates a channel: the fields given, a name taken in the same server is a conflict, another server is no matter', async () => {
    const server = await community('news');
    const elsewhere = await community('random');
    const [general, news] = server.ids as [string, string];
    expect(await first.channels.update(news, { topic: 'What happened', slowModeSeconds: 15 })).toEqual({
      created: { id: news, serverId: server.id, name: 'news', topic: 'What happened', position: 1, slowModeSeconds: 15 },
    });
    expect(await first.channels.update(news, { name: 'general' })).toEqual({ conflict: 'name' });
    expect(await first.channels.update(news, { name: 'news' })).toMatchObject({ created: { name: 'news' } });
    expect(await first.channels.update(news, { name: 'random', slowModeSeconds: 0 })).toEqual({
      created: { id: news, serverId: server.id, name: 'random', topic: 'What happened', position: 1, slowModeSeconds: 0 },
    });
    expect(await second.channels.get(news)).toMatchObject({ name: 'random', slowModeSeconds: 0 });
    expect(await second.channels.get(general)).toMatchObject({ name: 'general' });
    expect((await second.servers.get(elsewhere.id))?.channels.map((channel) => channel.name)).toEqual(['general', 'random']);
    expect(await first.channels.update('c_unknown', { topic: 'x' })).toBeUndefined();
  });

  it('deletes a channel with its messages, reactions, mentions, threads and read states, and closes the gap in positions', async () => {
    const server = await community('doomed', 'kept', 'last');
    const [general, doomed, kept, last] = server.ids as [string, string, string, string];
    await first.servers.join(server.id, bob);
    const root = await post(doomed, ada, 'root');
    const reply = await post(doomed, bob, 'in thread', { threadId: root.id });
    const answer = await first.messages.append({
      channelId: doomed,
      author: bob,
      clientId: 'answer',
      content: 'hi @Ada',
      replyTo: root.id,
      mentions: [ada.id],
    });
    await first.messages.react({ channelId: doomed, messageId: root.id, user: bob, emoji: '👍', added: true });
    await first.messages.react({ channelId: doomed, messageId: reply.id, user: ada, emoji: '🎉', added: true });
    const survivor = await post(kept, bob, 'hello @Ada', { mentions: [ada.id] });
    await first.messages.react({ channelId: kept, messageId: survivor.id, user: ada, emoji: '👍', added: true });
    await first.readStates.raise([
      { userId: ada.id, channelId: doomed, seq: 2 },
      { userId: bob.id, channelId: doomed, seq: 1 },
    ]);

    expect(await first.channels.delete(doomed)).toBe(true);
    expect(await second.channels.get(doomed)).toBeUndefined();
    expect(await second.messages.get(doomed, root.id)).toBeUndefined();
    expect(await second.messages.get(doomed, answer.message.id)).toBeUndefined();
    expect((await second.messages.page(doomed, { limit: 10 })).messages).toEqual([]);
    expect(await second.messages.lastPostAt(doomed, bob.id)).toBeNull();
    expect(await second.readStates.get(ada.id, doomed, 0)).toBeUndefined();
    const states = await second.readStates.list(ada.id);
    expect(states.filter((state) => state.serverId === server.id).map((state) => [state.channelId, state.mentions])).toEqual(
      expect.arrayContaining([
        [general, 0],
        [kept, 1],
        [last, 0],
      ]),
    );
    expect(states.some((state) => state.channelId === doomed)).toBe(false);
    // The other channels keep everything.
    expect(await second.messages.get(kept, survivor.id, ada.id)).toMatchObject({
      mentions: [ada],
      reactions: [{ emoji: '👍', count: 1, me: true }],
    });
    expect((await second.servers.get(server.id))?.channels.map((channel) => [channel.id, channel.position])).toEqual([
      [general, 0],
      [kept, 1],
      [last, 2],
    ]);
    // The (author, clientId) of a deleted message is free again.
    const again = await first.messages.append({ channelId: kept, author: bob, clientId: 'answer', content: 'again' });
    expect(again.duplicate).toBe(false);

    expect(await first.channels.delete(doomed)).toBe(false);
    expect(await first.channels.delete(general)).toBe(true);
    expect((await second.servers.get(server.id))?.channels.map((channel) => [channel.id, channel.position])).toEqual([
      [kept, 0],
      [last, 1],
    ]);
    const created = await first.channels.create({ serverId: server.id, name: 'fresh', topic: '' });
    expect(created).toMatchObject({ created: { position: 2 } });
  });

  it('reorders the channels of a server as the array orders them, and returns them in that order', async () => {
    const server = await community('two', 'three');
    const [one, two, three] = server.ids as [string, string, string];
    const reordered = await first.channels.reorder(server.id, [three, one, two]);
    expect(reordered.map((channel) => [channel.id, channel.position])).toEqual([
      [three, 0],
      [one, 1],
      [two, 2],
    ]);
    expect(reordered[0]).toEqual({ id: three, serverId: server.id, name: 'three', topic: '', position: 0, slowModeSeconds: 0 });
    expect((await second.servers.get(server.id))?.channels.map((channel) => channel.id)).toEqual([three, one, two]);
    expect((await second.channels.get(one))?.position).toBe(1);
  });

  it('appends audit entries with their actor and pages them newest first, `before` an id, with hasMore exact', async () => {
    const server = await community();
    const elsewhere = await community();
    const first1 = await first.audit.append({
      serverId: server.id,
      actorId: ada.id,
      action: 'member_role',
      target: { kind: 'user', id: bob.id, label: 'Bob' },
      reason: 'helpful',
      details: { role: 'moderator', count: 2, flag: true, gone: null },
    });
    expect(first1).toEqual({
      id: first1.id,
      serverId: server.id,
      actor: ada,
      action: 'member_role',
      target: { kind: 'user', id: bob.id, label: 'Bob' },
      reason: 'helpful',
      details: { role: 'moderator', count: 2, flag: true, gone: null },
      createdAt: first1.createdAt,
    });
    expect(typeof first1.id).toBe('number');
    await first.audit.append({ serverId: elsewhere.id, actorId: ada.id, action: 'server_update', target: null, reason: null, details: {} });
    const more = [];
    for (let index = 0; index < 4; index++) {
      more.push(
        await (index % 2 ? first : second).audit.append({
          serverId: server.id,
          actorId: ada.id,
          action: 'channel_update',
          target: { kind: 'channel', id: `c_${index}`, label: `#${index}` },
          reason: null,
          details: { slowModeSeconds: index },
        }),
      );
    }
    const all = [first1, ...more].reverse();
    expect((await second.audit.page(server.id, { limit: 10 })).entries).toEqual(all);
    expect(await second.audit.page(server.id, { limit: 5 })).toEqual({ entries: all, hasMore: false });
    expect(await second.audit.page(server.id, { limit: 2 })).toEqual({ entries: all.slice(0, 2), hasMore: true });
    expect(await second.audit.page(server.id, { limit: 2, before: all[1]?.id })).toEqual({ entries: all.slice(2, 4), hasMore: true });
    expect(await second.audit.page(server.id, { limit: 2, before: all[3]?.id })).toEqual({ entries: all.slice(4), hasMore: false });
    expect(await second.audit.page(server.id, { limit: 2, before: first1.id })).toEqual({ entries: [], hasMore: false });
    expect((await second.audit.page(elsewhere.id, { limit: 10 })).entries.map((entry) => [entry.action, entry.target])).toEqual([
      ['server_update', null],
    ]);
  });

  it('tells when a user last posted in a channel, thread replies included, per channel and author', async () => {
    const server = await community('quiet');
    const [general, quiet] = server.ids as [string, string];
    expect(await first.messages.lastPostAt(general, bob.id)).toBeNull();
    const root = await post(general, ada, 'root');
    const mine = await post(general, bob, 'mine');
    expect(await second.messages.lastPostAt(general, bob.id)).toBe(mine.createdAt);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reply = await post(general, bob, 'reply', { threadId: root.id });
    expect(reply.createdAt > mine.createdAt).toBe(true);
    expect(await second.messages.lastPostAt(general, bob.id)).toBe(reply.createdAt);
    expect(await second.messages.lastPostAt(general, ada.id)).toBe(root.createdAt);
    expect(await second.messages.lastPostAt(quiet, bob.id)).toBeNull();
  });
});
