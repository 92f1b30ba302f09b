import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { User } from '../src/domain/types.js';
import { openStorage } from '../src/storage/open-storage.js';
import { createPostgresStorage } from '../src/storage/postgres/postgres-storage.js';
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
