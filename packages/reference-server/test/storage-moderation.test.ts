import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig, loadConfig } from '../src/config.js';
import type { Server, User } from '../src/domain/types.js';
import { openStorage } from '../src/storage/open-storage.js';
import { createPostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { createSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../src/storage/types.js';
import { TEST_CATEGORY, makeDataDir, prepareEnvironment } from './support/test-server.js';
import { TEST_ENGINE, createTestDatabase, dropTestDatabase, releaseStorage } from './support/test-storage.js';

const silent = pino({ level: 'silent' });
const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: 'https://example.test/ada.png' };
const bob: User = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const cyd: User = { id: 'u_cyd', name: 'Cyd', avatarUrl: null };

// One database for the file, as two processes would hold it; each test makes servers of its own.
let first: Storage;
let second: Storage;
let dataDir: string;
let database: DatabaseConfig;
let serial = 0;

beforeAll(async () => {
  dataDir = makeDataDir();
  database = loadConfig(await prepareEnvironment(dataDir)).database;
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

  it('finds one member by id as the listing shows them, with role, time-out and online; undefined for a non-member', async () => {
    const server = await community();
    const other = await community();
    const until = '2030-01-02T03:04:05.678Z';
    await first.servers.join(server.id, bob);
    await first.servers.setRole(server.id, bob.id, 'moderator');
    await first.servers.setMutedUntil(server.id, bob.id, until);
    await first.servers.addMember(server.id, cyd.id);

    expect(await second.servers.member(server.id, bob.id, [ada.id, bob.id])).toEqual({
      user: bob,
      role: 'moderator',
      mutedUntil: until,
      online: true,
    });
    expect(await second.servers.member(server.id, bob.id, [])).toMatchObject({ online: false });
    expect(await second.servers.member(server.id, ada.id, [bob.id])).toEqual({ user: ada, role: 'owner', mutedUntil: null, online: false });
    // Every member is one the listing shows, the same in every field.
    const listed = await second.servers.members(server.id, { prefix: '', limit: 10, offset: 0, online: [cyd.id] });
    for (const entry of listed.members) expect(await second.servers.member(server.id, entry.user.id, [cyd.id])).toEqual(entry);

    expect(await second.servers.member(other.id, bob.id, [bob.id])).toBeUndefined();
    expect(await second.servers.member('s_unknown', ada.id, [])).toBeUndefined();
    expect(await second.servers.member(server.id, 'u_nobody', [])).toBeUndefined();
    await first.servers.ban({ serverId: server.id, userId: bob.id, byId: ada.id, reason: null });
    expect(await second.servers.member(server.id, bob.id, [bob.id])).toBeUndefined();
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

    // A non-member, even one never seen, can be banned; the ban names them by their id. (A moment
    // later, so that the newer ban sorts first.)
    await new Promise((resolve) => setTimeout(resolve, 5));
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

  it('uses an invite: refuses unknown, expired, used-up and banned; a member again, even with a spent one, uses nothing; a new member one use', async () => {
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

    // A member following a used-up or an expired link again is answered with their membership, using nothing.
    expect(await second.invites.use(open.code, dan, now)).toEqual({
      joined: { serverId: server.id, userId: dan.id, role: 'member', mutedUntil: null },
      created: false,
      serverId: server.id,
    });
    expect(await first.invites.use(expired.code, bob, now)).toEqual({
      joined: { serverId: server.id, userId: bob.id, role: 'moderator', mutedUntil: null },
      created: false,
      serverId: server.id,
    });
    expect((await second.invites.get(open.code))?.uses).toBe(2);
    expect((await second.invites.get(expired.code))?.uses).toBe(0);
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

  it('finds a message by its author and clientId in any channel, however old, deleted too; undefined for another author', async () => {
    const server = await community('other');
    const [general, other] = server.ids as [string, string];
    const send = (channelId: string, author: User, clientId: string, content: string) =>
      first.messages.append({ channelId, author, clientId, content }).then((result) => result.message);
    const original = await send(other, bob, `resent-${serial}`, 'first try');
    await first.messages.react({ channelId: other, messageId: original.id, user: bob, emoji: '👍', added: true });
    for (let index = 0; index < 5; index++) await post(other, ada, `later ${index}`);

    const found = await second.messages.byClientId(bob.id, `resent-${serial}`);
    expect(found).toEqual(await second.messages.get(other, original.id, bob.id));
    expect(found?.reactions).toEqual([expect.objectContaining({ emoji: '👍', me: true })]);
    expect(found).toMatchObject({
      id: original.id,
      channelId: other,
      seq: original.seq,
      clientId: `resent-${serial}`,
      content: 'first try',
    });
    expect(await second.messages.byClientId(ada.id, `resent-${serial}`)).toBeUndefined();
    expect(await second.messages.byClientId(bob.id, `never-${serial}`)).toBeUndefined();

    const gone = await send(general, ada, `gone-${serial}`, 'to delete');
    await first.messages.change({ kind: 'delete', channelId: general, messageId: gone.id });
    expect(await second.messages.byClientId(ada.id, `gone-${serial}`)).toMatchObject({ id: gone.id, deleted: true, content: '' });
  });

  it('deletes a channel while messages stream into it and its siblings: every append lands or is refused, none is left behind', async () => {
    const server = await community('busy', 'calm');
    const [, busy, calm] = server.ids as [string, string, string];
    const root = await post(busy, ada, 'root');
    const sends = Array.from({ length: 60 }, (_, index) => {
      const storage = index % 2 ? first : second;
      const channelId = index % 3 === 0 ? calm : busy;
      return storage.messages.append({
        channelId,
        author: index % 2 ? bob : ada,
        clientId: `stream-${serial}-${index}`,
        content: `#${index}`,
        ...(channelId === busy && index % 4 === 1 && { threadId: root.id }),
      });
    });
    const deleted = second.channels.delete(busy);
    const outcomes = await Promise.allSettled(sends);
    expect(await deleted).toBe(true);
    const calmSends = outcomes.filter((_, index) => index % 3 === 0);
    expect(calmSends.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect((await first.messages.page(calm, { limit: 100 })).messages).toHaveLength(calmSends.length);
    expect(await first.channels.get(busy)).toBeUndefined();
    expect((await first.messages.changesAfter(busy, 0, 100)).messages).toEqual([]);
    expect((await first.servers.get(server.id))?.channels.map((channel) => [channel.name, channel.position])).toEqual([
      ['general', 0],
      ['calm', 1],
    ]);
  });
});

if (TEST_ENGINE === 'postgres')
  describe('PostgreSQL channel deletion', () => {
    it('tries again when it meets a send in a deadlock (the send holds a thread root and waits for the channel)', async () => {
      if (database.engine !== 'postgres') throw new Error('expected a PostgreSQL database');
      const server = await community('doomed');
      const doomed = server.ids[1] as string;
      const root = await post(doomed, ada, 'root');
      // Plays the part of a send: the root locked first, the channel after.
      const sender = new pg.Client({ connectionString: database.url });
      const watcher = new pg.Client({ connectionString: database.url });
      await Promise.all([sender.connect(), watcher.connect()]);
      try {
        await sender.query('BEGIN');
        await sender.query('SELECT 1 FROM messages WHERE id = $1 FOR UPDATE', [root.id]);
        const deleted = first.channels.delete(doomed);
        // Once the deletion holds the channel and waits for the root, the sender asks for the channel.
        for (let waited = 0; ; waited += 20) {
          const { rows } = await watcher.query<{ waiting: number }>(
            "SELECT count(*)::integer AS waiting FROM pg_stat_activity WHERE application_name = 'hearth' AND wait_event_type = 'Lock'",
          );
          if ((rows[0]?.waiting ?? 0) > 0) break;
          if (waited > 10_000) throw new Error('the deletion never waited for the root');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const senderLock = sender.query('SELECT 1 FROM channels WHERE id = $1 FOR UPDATE', [doomed]).then(
          () => 'locked',
          () => 'aborted',
        );
        // PostgreSQL breaks the deadlock by aborting one side; the deletion, if it is the one, tries again.
        await sender.query(`${(await senderLock) === 'locked' ? 'COMMIT' : 'ROLLBACK'}`);
        expect(await deleted).toBe(true);
        expect(await second.channels.get(doomed)).toBeUndefined();
        expect(await second.messages.get(doomed, root.id)).toBeUndefined();
      } finally {
        await Promise.all([sender.end(), watcher.end()]);
      }
    });
  });

if (TEST_ENGINE === 'sqlite')
  describe('SQLite moderation queries', () => {
    it('finds when an author last posted with one lookup of the (channel, author, created_at) index', () => {
      if (database.engine !== 'sqlite') throw new Error('expected a SQLite database');
      const db = new Database(database.path, { readonly: true });
      try {
        const plan = db
          .prepare('EXPLAIN QUERY PLAN SELECT max(created_at) AS created_at FROM messages WHERE channel_id = ? AND author_id = ?')
          .all('c_any', 'u_any') as Array<{ detail: string }>;
        expect(plan.map((step) => step.detail)).toEqual([
          expect.stringMatching(/^SEARCH messages USING COVERING INDEX messages_by_channel_author/),
        ]);
      } finally {
        db.close();
      }
    });

    it('finds one member with one lookup of the memberships key and one of users, never a scan', () => {
      if (database.engine !== 'sqlite') throw new Error('expected a SQLite database');
      const db = new Database(database.path, { readonly: true });
      try {
        const plan = db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT u.id, u.name, u.avatar_url, ms.role, ms.muted_until, ms.user_id IN (SELECT value FROM json_each(?)) AS online
             FROM memberships ms JOIN users u ON u.id = ms.user_id
             WHERE ms.server_id = ? AND ms.user_id = ?`,
          )
          .all('[]', 's_any', 'u_any') as Array<{ detail: string }>;
        const details = plan.map((step) => step.detail);
        expect(details.slice(0, 2)).toEqual([
          'SEARCH ms USING PRIMARY KEY (server_id=? AND user_id=?)',
          expect.stringMatching(/^SEARCH u USING INDEX sqlite_autoindex_users_1 \(id=\?\)/),
        ]);
        expect(details.filter((detail) => detail.startsWith('SCAN ms') || detail.startsWith('SCAN u'))).toEqual([]);
      } finally {
        db.close();
      }
    });

    it('finds a message by author and clientId with one lookup of the (author, clientId) index', () => {
      if (database.engine !== 'sqlite') throw new Error('expected a SQLite database');
      const db = new Database(database.path, { readonly: true });
      try {
        const plan = db
          .prepare('EXPLAIN QUERY PLAN SELECT id FROM messages m WHERE m.author_id = ? AND m.client_id = ?')
          .all('u_any', 'any') as Array<{ detail: string }>;
        expect(plan.map((step) => step.detail)).toEqual([expect.stringMatching(/^SEARCH m USING INDEX messages_by_author_client/)]);
      } finally {
        db.close();
      }
    });
  });

const MIGRATIONS_BEFORE_MODERATION = [
  '001-initial.sql',
  '002-message-changes.sql',
  '003-reactions.sql',
  '004-replies-threads-mentions.sql',
  '005-read-states.sql',
];

const ROWS_BEFORE_MODERATION = `
  INSERT INTO users (id, name) VALUES ('u_ada', 'Ada'), ('u_bob', 'Bob');
  INSERT INTO categories (id, name, position) VALUES ('ct_old', 'Old', 0);
  INSERT INTO servers (id, name, category_id, owner_id, visibility, created_at)
    VALUES ('s_old', 'Old', 'ct_old', 'u_ada', 'public', '2026-01-01T00:00:00.000Z');
  INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES
    ('s_old', 'u_ada', 'owner', '2026-01-01T00:00:00.000Z'),
    ('s_old', 'u_bob', 'member', '2026-01-01T00:00:01.000Z');
  INSERT INTO channels (id, server_id, name, position) VALUES ('c_old', 's_old', 'general', 0), ('c_older', 's_old', 'old', 1);
`;

/** A database of the schema before moderation (migrations 001–005) with a server, two members and two channels, opened by today's storage. */
async function databaseBeforeModeration(): Promise<{ storage: Storage; release: () => Promise<void> }> {
  const sql = (name: string) => readFileSync(new URL(`../src/storage/${TEST_ENGINE}/migrations/${name}`, import.meta.url), 'utf8');
  if (TEST_ENGINE === 'sqlite') {
    const directory = makeDataDir();
    const file = path.join(directory, 'before-moderation.db');
    const db = new Database(file);
    for (const name of MIGRATIONS_BEFORE_MODERATION) db.exec(sql(name));
    db.pragma(`user_version = ${MIGRATIONS_BEFORE_MODERATION.length}`);
    db.exec(ROWS_BEFORE_MODERATION);
    db.close();
    const storage = createSqliteStorage({ path: file, synchronous: 'normal' });
    return { storage, release: async () => rmSync(directory, { recursive: true, force: true }) };
  }
  const name = `hearth_test_mod_${process.pid}_${Date.now()}`;
  const url = await createTestDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const [index, migration] of MIGRATIONS_BEFORE_MODERATION.entries()) {
      await client.query(sql(migration));
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [index + 1, migration]);
    }
    await client.query(ROWS_BEFORE_MODERATION);
  } finally {
    await client.end();
  }
  const storage = await createPostgresStorage({ url, poolSize: 2 });
  return { storage, release: () => dropTestDatabase(name) };
}

describe.each([TEST_ENGINE])('Storage moderation migration on %s', () => {
  it('keeps every membership with its role, not timed out, every channel without slow mode, and takes the new roles', async () => {
    const { storage, release } = await databaseBeforeModeration();
    try {
      expect((await storage.servers.members('s_old', { prefix: '', limit: 10, offset: 0, online: [] })).members).toEqual([
        { user: { id: 'u_ada', name: 'Ada', avatarUrl: null }, role: 'owner', mutedUntil: null, online: false },
        { user: { id: 'u_bob', name: 'Bob', avatarUrl: null }, role: 'member', mutedUntil: null, online: false },
      ]);
      expect((await storage.servers.get('s_old'))?.channels.map((channel) => [channel.name, channel.slowModeSeconds])).toEqual([
        ['general', 0],
        ['old', 0],
      ]);
      expect(await storage.servers.setRole('s_old', 'u_bob', 'admin')).toBe(true);
      expect(await storage.servers.membership('s_old', 'u_bob')).toEqual({
        serverId: 's_old',
        userId: 'u_bob',
        role: 'admin',
        mutedUntil: null,
      });
      expect(await storage.servers.join('s_old', { id: 'u_cyd', name: 'Cyd', avatarUrl: null })).toBe(true);
      expect((await storage.servers.get('s_old'))?.memberCount).toBe(3);
      expect(await storage.channels.delete('c_old')).toBe(true);
      expect((await storage.servers.get('s_old'))?.channels.map((channel) => [channel.id, channel.position])).toEqual([['c_older', 0]]);
    } finally {
      await storage.close();
      await release();
    }
  });
});
