import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { User } from '../src/domain/types.js';
import type { AppendRefusal } from '../src/storage/append-refusal.js';
import { openStorage } from '../src/storage/open-storage.js';
import { createPostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { createSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../src/storage/types.js';
import { TEST_CATEGORY, makeDataDir, prepareEnvironment } from './support/test-server.js';
import { TEST_ENGINE, createTestDatabase, dropTestDatabase, releaseStorage } from './support/test-storage.js';

const silent = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const bob: User = { id: 'u_bob', name: 'Bob', avatarUrl: null };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/**
 * Two storages on one fresh database, as two processes would hold it (two connections to one
 * SQLite file, or two pools on one PostgreSQL database), with a server and two channels in it.
 */
async function twoOnOneDatabase(): Promise<{ first: Storage; second: Storage; general: string; other: string }> {
  const dataDir = makeDataDir();
  cleanups.push(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await releaseStorage(dataDir);
  });
  const { database } = loadConfig(await prepareEnvironment(dataDir));
  const [first, second] = await Promise.all([openStorage(database, silent), openStorage(database, silent)]);
  cleanups.push(async () => {
    await Promise.all([first.close(), second.close()]);
  });
  const server = await first.servers.create({
    name: 'Contract',
    description: '',
    categoryId: TEST_CATEGORY,
    owner: ada,
    visibility: 'public',
    firstChannel: { name: 'general', topic: '' },
  });
  const created = await first.channels.create({ serverId: server.id, name: 'other', topic: '' });
  if (!('created' in created)) throw new Error('could not create a channel');
  return { first, second, general: server.channels[0]?.id as string, other: created.created.id };
}

// Each vitest project runs the contract on its own engine (HEARTH_TEST_STORAGE), so the SQLite
// run needs no service; together the two projects cover both implementations.
describe.each([TEST_ENGINE])('Storage contract: messages.append on %s', () => {
  it("numbers each channel's messages 1, 2, 3… on its own, and stores them as returned", async () => {
    const { first, general, other } = await twoOnOneDatabase();
    const results = await Promise.all(
      [general, other, general, general, other].map((channelId, index) =>
        first.messages.append({ channelId, author: ada, clientId: null, content: `#${index}` }),
      ),
    );
    expect(results.map((result) => [result.message.channelId === general ? 'g' : 'o', result.message.seq])).toEqual([
      ['g', 1],
      ['o', 1],
      ['g', 2],
      ['g', 3],
      ['o', 2],
    ]);
    expect(results.every((result) => !result.duplicate)).toBe(true);
    const page = await first.messages.page(general, { limit: 10 });
    expect(page.messages).toEqual(results.filter((result) => result.message.channelId === general).map((result) => result.message));
    expect(await first.messages.lastSeq(general)).toBe(3);
  });

  it('returns the stored message with duplicate: true for a repeated (author, clientId), in one batch or later, and stores it once', async () => {
    const { first, general } = await twoOnOneDatabase();
    const send = (author: User, clientId: string | null, content = 'hello') =>
      first.messages.append({ channelId: general, author, clientId, content });
    const [original, sameBatch] = await Promise.all([send(ada, 'k1'), send(ada, 'k1', 'changed')]);
    const later = await send(ada, 'k1', 'changed again');
    expect(original.duplicate).toBe(false);
    expect(sameBatch).toEqual({ message: original.message, duplicate: true });
    expect(later).toEqual({ message: original.message, duplicate: true });
    // The key is the pair: another author may use the same clientId, and no clientId never dedupes.
    const [bobs, anon1, anon2] = await Promise.all([send(bob, 'k1'), send(ada, null), send(ada, null)]);
    expect([bobs.duplicate, anon1.duplicate, anon2.duplicate]).toEqual([false, false, false]);
    expect((await first.messages.page(general, { limit: 10 })).messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
  });

  it('refuses an append to an unknown channel alone, without failing the others of its batch', async () => {
    const { first, general } = await twoOnOneDatabase();
    const outcomes = await Promise.allSettled([
      first.messages.append({ channelId: general, author: ada, clientId: 'a', content: 'one' }),
      first.messages.append({ channelId: 'c_missing', author: ada, clientId: 'b', content: 'lost' }),
      first.messages.append({ channelId: general, author: ada, clientId: 'c', content: 'two' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('channel c_missing does not exist'));
    expect((await first.messages.page(general, { limit: 10 })).messages.map((message) => message.content)).toEqual(['one', 'two']);
  });

  it('gives two storages on one database × 300 concurrent appends seq 1..600 with no gap, each in the order submitted', async () => {
    const { first, second, general } = await twoOnOneDatabase();
    const appendMany = (storage: Storage, tag: string) =>
      Promise.all(
        range(0, 299).map((index) =>
          storage.messages.append({
            channelId: general,
            author: index % 2 ? ada : bob,
            clientId: `${tag}-${index}`,
            content: `${tag} ${index}`,
          }),
        ),
      );
    const [fromFirst, fromSecond] = await Promise.all([appendMany(first, 'one'), appendMany(second, 'two')]);
    const seqs = [...fromFirst, ...fromSecond].map((result) => result.message.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(range(1, 600));
    for (const results of [fromFirst, fromSecond]) {
      const own = results.map((result) => result.message.seq);
      expect(own).toEqual([...own].sort((x, y) => x - y));
    }
    const stored = [
      ...(await first.messages.page(general, { after: 0, limit: 300 })).messages,
      ...(await first.messages.page(general, { after: 300, limit: 300 })).messages,
    ];
    expect(stored.map((message) => message.seq)).toEqual(range(1, 600));
    const byId = new Map([...fromFirst, ...fromSecond].map((result) => [result.message.id, result.message]));
    for (const message of stored) expect(message).toEqual(byId.get(message.id));
  });

  it('stores an (author, clientId) sent through two storages at the same moment once, and both return it', async () => {
    const { first, second, general } = await twoOnOneDatabase();
    const pairs = await Promise.all(
      range(1, 50).map((index) =>
        Promise.all(
          [first, second].map((storage) =>
            storage.messages.append({ channelId: general, author: ada, clientId: `race-${index}`, content: `race ${index}` }),
          ),
        ),
      ),
    );
    for (const [one, two] of pairs) {
      expect(two?.message).toEqual(one?.message);
      expect([one?.duplicate, two?.duplicate].sort()).toEqual([false, true]);
    }
    const stored = (await first.messages.page(general, { after: 0, limit: 100 })).messages;
    expect(stored.map((message) => message.seq)).toEqual(range(1, 50));
  });
});

describe.each([TEST_ENGINE])('Storage contract: messages.change and changesAfter on %s', () => {
  const post = (storage: Storage, channelId: string, content: string, author = ada) =>
    storage.messages.append({ channelId, author, clientId: null, content }).then((result) => result.message);

  it("gives an edit and a delete the channel's next seq as the message's version, keeping its seq, and stores the new state", async () => {
    const { first, second, general } = await twoOnOneDatabase();
    const one = await post(first, general, 'one');
    const two = await post(first, general, 'two', bob);
    expect([one.version, one.editedAt, one.deleted]).toEqual([1, null, false]);

    const edited = await first.messages.change({ kind: 'edit', channelId: general, messageId: one.id, content: 'one, edited' });
    expect(edited).toEqual({ ...one, content: 'one, edited', version: 3, editedAt: edited?.editedAt, deleted: false });
    expect(Date.parse(edited?.editedAt ?? '')).not.toBeNaN();
    const deleted = await second.messages.change({ kind: 'delete', channelId: general, messageId: two.id });
    expect(deleted).toEqual({ ...two, content: '', version: 4, deleted: true });
    const three = await post(second, general, 'three');
    expect(three.seq).toBe(5);

    expect(await first.messages.lastSeq(general)).toBe(5);
    expect((await second.messages.page(general, { limit: 10 })).messages).toEqual([edited, deleted, three]);
    expect(await second.messages.get(general, one.id)).toEqual(edited);
    expect(await second.messages.get(general, two.id)).toEqual(deleted);
  });

  it('changes nothing and takes no seq for a deleted message, an unknown id or a message of another channel', async () => {
    const { first, general, other } = await twoOnOneDatabase();
    const gone = await post(first, general, 'gone');
    const elsewhere = await post(first, other, 'elsewhere');
    await first.messages.change({ kind: 'delete', channelId: general, messageId: gone.id });
    const refused = await Promise.all([
      first.messages.change({ kind: 'delete', channelId: general, messageId: gone.id }),
      first.messages.change({ kind: 'edit', channelId: general, messageId: gone.id, content: 'back' }),
      first.messages.change({ kind: 'edit', channelId: general, messageId: 'm_unknown', content: 'who' }),
      first.messages.change({ kind: 'edit', channelId: general, messageId: elsewhere.id, content: 'moved' }),
    ]);
    expect(refused).toEqual([undefined, undefined, undefined, undefined]);
    expect([await first.messages.lastSeq(general), await first.messages.lastSeq(other)]).toEqual([2, 1]);
    expect(await first.messages.get(general, elsewhere.id)).toBeUndefined();
    expect(await first.messages.get(other, elsewhere.id)).toEqual(elsewhere);
    expect((await first.messages.get(general, gone.id))?.content).toBe('');
  });

  it('returns what was added or changed after a seq, each message once in its current state, by version, bounded', async () => {
    const { first, general } = await twoOnOneDatabase();
    const [one, two, three] = [await post(first, general, 'one'), await post(first, general, 'two'), await post(first, general, 'three')];
    const change = (messageId: string, content: string) => first.messages.change({ kind: 'edit', channelId: general, messageId, content });
    await change(one.id, 'one v4');
    await change(three.id, 'three v5');
    const oneNow = await change(one.id, 'one v6');
    const four = await post(first, general, 'four');
    const threeNow = await first.messages.change({ kind: 'delete', channelId: general, messageId: three.id });

    const all = await first.messages.changesAfter(general, 0, 10);
    expect(all).toEqual({ messages: [two, oneNow, four, threeNow], hasMore: false });
    expect(all.messages.map((message) => message.version)).toEqual([2, 6, 7, 8]);
    expect(await first.messages.changesAfter(general, 3, 10)).toEqual({ messages: [oneNow, four, threeNow], hasMore: false });
    expect(await first.messages.changesAfter(general, 6, 10)).toEqual({ messages: [four, threeNow], hasMore: false });
    expect(await first.messages.changesAfter(general, 0, 2)).toEqual({ messages: [two, oneNow], hasMore: true });
    expect(await first.messages.changesAfter(general, 8, 10)).toEqual({ messages: [], hasMore: false });
  });

  it('keeps seqs 1..N without a gap or a repeat when two storages append and change one channel at once', async () => {
    const { first, second, general } = await twoOnOneDatabase();
    const seeds = await Promise.all(range(1, 20).map((index) => post(index % 2 ? first : second, general, `seed ${index}`)));
    const work = [first, second].flatMap((storage, side) =>
      seeds.flatMap((seed, index) => [
        storage.messages
          .append({ channelId: general, author: bob, clientId: `more-${side}-${index}`, content: 'more' })
          .then((r) => r.message.seq),
        storage.messages
          .change(
            index % 3 === 0
              ? { kind: 'delete', channelId: general, messageId: seed.id }
              : { kind: 'edit', channelId: general, messageId: seed.id, content: `edit ${side}` },
          )
          .then((message) => message?.version),
      ]),
    );
    const taken = (await Promise.all(work)).filter((seq): seq is number => seq !== undefined);
    // Every change of a live message succeeded; a second delete of one message found a tombstone.
    const deletes = seeds.filter((_, index) => index % 3 === 0).length;
    expect(taken).toHaveLength(40 + 40 - deletes);
    const lastSeq = await first.messages.lastSeq(general);
    expect([...taken, ...seeds.map((seed) => seed.seq)].sort((x, y) => x - y)).toEqual(range(1, lastSeq));
    const stored = (await first.messages.changesAfter(general, 0, 200)).messages;
    expect(stored).toHaveLength(60);
    expect(stored.filter((message) => message.deleted).map((message) => message.content)).toEqual(Array(deletes).fill(''));
  });

  it('adds and removes reactions with the next seq, once per user per emoji, at most 20 distinct, `me` per viewer', async () => {
    const { first, second, general } = await twoOnOneDatabase();
    const message = await post(first, general, 'react');
    const react = (storage: Storage, user: User, emoji: string, added = true) =>
      storage.messages.react({ channelId: general, messageId: message.id, user, emoji, added });
    expect(await react(first, ada, '👍')).toMatchObject({
      changed: true,
      message: { version: 2, reactions: [{ emoji: '👍', count: 1, me: true }] },
    });
    expect(await react(second, bob, '🎉')).toMatchObject({ changed: true, message: { version: 3 } });
    expect(await react(second, bob, '👍')).toMatchObject({
      changed: true,
      message: {
        version: 4,
        reactions: [
          { emoji: '👍', count: 2, me: true },
          { emoji: '🎉', count: 1, me: true },
        ],
      },
    });
    expect(await react(first, ada, '👍')).toMatchObject({ changed: false, message: { version: 4 } });
    expect(await react(first, ada, '🎉', false)).toMatchObject({ changed: false, message: { version: 4 } });
    expect(await react(first, bob, '🎉', false)).toMatchObject({ changed: true, message: { version: 5 } });
    expect(await first.messages.lastSeq(general)).toBe(5);
    expect((await second.messages.get(general, message.id, ada.id))?.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
    expect((await second.messages.get(general, message.id))?.reactions).toEqual([{ emoji: '👍', count: 2, me: false }]);

    for (let index = 1; index < 20; index++)
      expect(await react(first, ada, String.fromCodePoint(0x1f600 + index))).toMatchObject({ changed: true });
    expect(await react(second, bob, '🚀')).toEqual({ refused: 'reaction_limit' });
    expect(await react(second, bob, '😁')).toMatchObject({ changed: true });
    const deleted = await first.messages.change({ kind: 'delete', channelId: general, messageId: message.id });
    expect(deleted?.reactions).toEqual([]);
    expect(await react(second, bob, '👍')).toEqual({ refused: 'unknown_message' });
  });

  it("raises a root's thread summary with each of its replies, batched or not, from two storages, and leaves its version", async () => {
    const { first, second, general, other } = await twoOnOneDatabase();
    const root = await post(first, general, 'root');
    const nested = await first.messages.append({
      channelId: general,
      author: bob,
      clientId: null,
      content: 'first reply',
      threadId: root.id,
    });
    // Forty replies at once through both storages, each batch holding several of them, with refusals mixed in.
    const outcomes = await Promise.allSettled(
      range(1, 40).flatMap((index) => [
        (index % 2 ? first : second).messages.append({
          channelId: general,
          author: bob,
          clientId: `r-${index}`,
          content: `#${index}`,
          threadId: root.id,
        }),
        first.messages.append({ channelId: general, author: bob, clientId: null, content: 'nested', threadId: nested.message.id }),
        second.messages.append({ channelId: other, author: bob, clientId: null, content: 'foreign', threadId: root.id }),
      ]),
    );
    const reasons = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as AppendRefusal).reason] : []));
    expect(reasons.filter((reason) => reason === 'nested_thread')).toHaveLength(40);
    expect(reasons.filter((reason) => reason === 'unknown_root')).toHaveLength(40);
    const replies = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(replies).toHaveLength(40);
    // Each reply's update says how many replies the thread held once it was in, in seq order.
    const bySeq = [nested, ...replies].sort((x, y) => x.message.seq - y.message.seq);
    expect(bySeq.map((reply) => reply.thread?.replyCount)).toEqual(range(1, 41));
    expect(bySeq.map((reply) => reply.thread?.lastReplySeq)).toEqual(bySeq.map((reply) => reply.message.seq));
    const stored = await second.messages.get(general, root.id);
    expect(stored).toMatchObject({ version: root.version, thread: { replyCount: 41, lastReplySeq: bySeq.at(-1)?.message.seq } });
    const thread = await first.messages.page(general, { limit: 100, thread: root.id });
    expect(thread.messages.map((message) => message.seq)).toEqual(bySeq.map((reply) => reply.message.seq));
    expect((await first.messages.page(general, { limit: 100 })).messages.map((message) => message.id)).toEqual([root.id]);
    // A repeated reply returns the original with the thread as it stands now.
    const repeat = await second.messages.append({ channelId: general, author: bob, clientId: 'r-1', content: 'again', threadId: root.id });
    expect(repeat).toMatchObject({ duplicate: true, thread: { rootId: root.id, replyCount: 41 } });
  });

  it('migrates a database of the first schema: every message gets version = seq, never edited, not deleted', async () => {
    const { storage, channelId } = await firstSchemaDatabase();
    const page = await storage.messages.page(channelId, { limit: 10 });
    expect(page.messages.map((message) => [message.seq, message.version, message.editedAt, message.deleted])).toEqual([
      [1, 1, null, false],
      [2, 2, null, false],
    ]);
    const edited = await storage.messages.change({ kind: 'edit', channelId, messageId: 'm_old_1', content: 'edited after the migration' });
    expect(edited?.version).toBe(3);
    expect((await storage.messages.changesAfter(channelId, 1, 10)).messages.map((message) => message.id)).toEqual(['m_old_2', 'm_old_1']);
  });
});

const FIRST_SCHEMA_ROWS = `
  INSERT INTO users (id, name) VALUES ('u_ada', 'Ada');
  INSERT INTO categories (id, name, position) VALUES ('ct_old', 'Old', 0);
  INSERT INTO servers (id, name, category_id, owner_id, visibility, created_at)
    VALUES ('s_old', 'Old', 'ct_old', 'u_ada', 'public', '2026-01-01T00:00:00.000Z');
  INSERT INTO channels (id, server_id, name, position, last_seq) VALUES ('c_old', 's_old', 'general', 0, 2);
  INSERT INTO messages (id, channel_id, seq, author_id, content, created_at) VALUES
    ('m_old_1', 'c_old', 1, 'u_ada', 'first', '2026-01-01T00:00:01.000Z'),
    ('m_old_2', 'c_old', 2, 'u_ada', 'second', '2026-01-01T00:00:02.000Z');
`;

/** A database left by a server of the first schema (migration 001 only), with two messages, opened by today's storage. */
async function firstSchemaDatabase(): Promise<{ storage: Storage; channelId: string }> {
  const initial = (engine: string) => readFileSync(new URL(`../src/storage/${engine}/migrations/001-initial.sql`, import.meta.url), 'utf8');
  let storage: Storage;
  if (TEST_ENGINE === 'sqlite') {
    const dataDir = makeDataDir();
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const file = path.join(dataDir, 'old.db');
    const db = new Database(file);
    db.exec(initial('sqlite'));
    db.pragma('user_version = 1');
    db.exec(FIRST_SCHEMA_ROWS);
    db.close();
    storage = createSqliteStorage({ path: file, synchronous: 'normal' });
  } else {
    const name = `hearth_test_old_${process.pid}_${Date.now()}`;
    const url = await createTestDatabase(name);
    cleanups.push(() => dropTestDatabase(name));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(initial('postgres'));
      await client.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO schema_migrations (version, name) VALUES (1, '001-initial.sql');`);
      await client.query(FIRST_SCHEMA_ROWS);
    } finally {
      await client.end();
    }
    storage = await createPostgresStorage({ url, poolSize: 2 });
  }
  cleanups.push(() => storage.close());
  return { storage, channelId: 'c_old' };
}

if (TEST_ENGINE === 'postgres')
  describe('PostgreSQL migrations', () => {
    it('migrate a fresh database once when several processes start at the same moment', async () => {
      const name = `hearth_test_migrate_${process.pid}_${Date.now()}`;
      const url = await createTestDatabase(name);
      cleanups.push(() => dropTestDatabase(name));
      const storages = await Promise.all(range(1, 4).map(() => createPostgresStorage({ url, poolSize: 2 })));
      cleanups.push(async () => {
        await Promise.all(storages.map((storage) => storage.close()));
      });
      const [first] = storages as [Storage];
      await first.categories.create({ id: TEST_CATEGORY, name: 'Test', description: '', iconUrl: null });
      for (const storage of storages) expect(await storage.categories.get(TEST_CATEGORY)).toMatchObject({ id: TEST_CATEGORY });
      const again = await createPostgresStorage({ url, poolSize: 2 });
      cleanups.push(() => again.close());
      expect(await again.categories.list()).toHaveLength(1);
    });

    it('names the database, without its password, when it cannot be reached', async () => {
      await expect(createPostgresStorage({ url: 'postgres://hearth:hunter2@127.0.0.1:1/hearth', poolSize: 2 })).rejects.toThrow(
        /^cannot use PostgreSQL at postgres:\/\/hearth:\*\*\*@127\.0\.0\.1:1\/hearth: .*ECONNREFUSED/,
      );
    });
  });
