import { readFileSync, readdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig, loadConfig } from '../src/config.js';
import type { Message, User } from '../src/domain/types.js';
import { openStorage } from '../src/storage/open-storage.js';
import type { SearchQuery, Storage } from '../src/storage/types.js';
import { TEST_CATEGORY, makeDataDir, prepareEnvironment } from './support/test-server.js';
import { TEST_ENGINE, releaseStorage } from './support/test-storage.js';

const ada: User = { id: 'u_ada', name: 'Ada', avatarUrl: null };
const ben: User = { id: 'u_ben', name: 'Ben', avatarUrl: null };
const silent = pino({ level: 'silent' });

/** A new server with one channel in fresh storage. */
async function serverIn(storage: Storage): Promise<{ serverId: string; channelId: string }> {
  const server = await storage.servers.create({
    name: 'Search',
    description: '',
    categoryId: TEST_CATEGORY,
    owner: ada,
    visibility: 'public',
    firstChannel: { name: 'general', topic: '' },
  });
  return { serverId: server.id, channelId: server.channels[0]?.id as string };
}

const post = async (storage: Storage, channelId: string, content: string, author: User = ada) =>
  (await storage.messages.append({ channelId, author, clientId: null, content })).message;

const query = (channelId: string, words: string[], extra: Partial<SearchQuery> = {}): SearchQuery => ({
  words,
  prefix: true,
  channelIds: [channelId],
  limit: 50,
  offset: 0,
  viewerId: ada.id,
  ...extra,
});

const contentsFound = async (storage: Storage, search: SearchQuery) =>
  (await storage.search.messages(search)).results.map((hit) => hit.message.content);

describe.each([TEST_ENGINE])('Storage search on %s', () => {
  let dataDir: string;
  let storage: Storage;
  let channelId: string;

  beforeAll(async () => {
    dataDir = makeDataDir();
    storage = await openStorage(loadConfig(await prepareEnvironment(dataDir)).database, silent);
    ({ channelId } = await serverIn(storage));
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
    await releaseStorage(dataDir);
  });

  it('matches every word, the last as a prefix, ignoring case and accents', async () => {
    await post(storage, channelId, 'Ünïcode façade renovation');
    expect(await contentsFound(storage, query(channelId, ['unicode', 'facade']))).toEqual(['Ünïcode façade renovation']);
    expect(await contentsFound(storage, query(channelId, ['façade', 'reno']))).toEqual(['Ünïcode façade renovation']);
    expect(await contentsFound(storage, query(channelId, ['reno', 'façade']))).toEqual([]);
  });

  it('finds words inside addresses and numbers as separate words, as the tokenizers of both engines split them', async () => {
    await post(storage, channelId, 'mail grace@example.org about https://docs.example.org/tapir v3.14');
    for (const words of [['grace'], ['tapir'], ['docs'], ['14'], ['example', 'tapir']]) {
      expect(await contentsFound(storage, query(channelId, words)), words.join(' ')).toHaveLength(1);
    }
  });

  it('leaves out a channel not among channelIds, and reads users by name ignoring case or by id', async () => {
    const other = await serverIn(storage);
    await post(storage, other.channelId, 'elsewhere heron');
    expect(await contentsFound(storage, query(channelId, ['heron']))).toEqual([]);
    expect(await contentsFound(storage, query(other.channelId, ['heron']))).toEqual(['elsewhere heron']);
    expect(await storage.search.userIds('ADA')).toEqual([ada.id]);
    expect(await storage.search.userIds(ada.id)).toEqual([ada.id]);
    expect(await storage.search.userIds('nobody')).toEqual([]);
  });

  it('finds the same across many channels (read from the index) as channel by channel (read from the channels)', async () => {
    const wide = await serverIn(storage);
    const channelIds = [wide.channelId];
    for (const name of ['two', 'three', 'four', 'five']) {
      const made = await storage.channels.create({ serverId: wide.serverId, name, topic: '' });
      if (!('created' in made)) throw new Error('could not create a channel');
      channelIds.push(made.created.id);
    }
    for (const [index, channel] of channelIds.entries()) {
      await post(storage, channel, `lemur ${'lemur '.repeat(index)}in ${index}`);
      await post(storage, channel, `lemurian tale ${index}`);
    }
    const gone = await post(storage, channelIds[0] as string, 'a lemur soon deleted');
    await storage.messages.change({ kind: 'delete', channelId: gone.channelId, messageId: gone.id }, ada.id);
    const across = (await storage.search.messages({ ...query(channelIds[0] as string, ['lemur']), channelIds })).results;
    const oneByOne = (await Promise.all(channelIds.map((channel) => contentsFound(storage, query(channel, ['lemur']))))).flat();
    expect(across.map((hit) => hit.message.content).sort()).toEqual(oneByOne.sort());
    expect(across).toHaveLength(10);
    // The most lemurs first.
    expect(across[0]?.message.content).toBe(`lemur ${'lemur '.repeat(4)}in 4`);
    const whole = await storage.search.messages({ ...query(channelIds[0] as string, ['lemur']), channelIds, prefix: false });
    expect(whole.results).toHaveLength(5);
  });

  it('filters by author both when the author has more messages than the word has matches and when the word has more', async () => {
    const { channelId: here } = await serverIn(storage);
    // Ada writes much and says "okapi" once; Ben writes little and says "okapi" often.
    for (let index = 0; index < 12; index += 1) await post(storage, here, `ada chatter ${index}`);
    await post(storage, here, 'ada saw an okapi');
    const bensPosts: Message[] = [];
    for (let index = 0; index < 6; index += 1) bensPosts.push(await post(storage, here, `okapi sighting ${index}`, ben));
    bensPosts.push(await post(storage, here, 'ben chatter', ben));
    expect(await contentsFound(storage, query(here, ['okapi'], { authorIds: [ada.id] }))).toEqual(['ada saw an okapi']);
    const bens = await contentsFound(storage, query(here, ['okapi'], { authorIds: [ben.id], prefix: false }));
    expect(bens.sort()).toEqual(Array.from({ length: 6 }, (_, index) => `okapi sighting ${index}`));
    expect(await contentsFound(storage, query(here, ['okapi'], { authorIds: [ada.id, ben.id] }))).toHaveLength(7);
    expect(await contentsFound(storage, query(here, ['chatter'], { authorIds: [ben.id] }))).toEqual(['ben chatter']);
    // Without words, newest first (then by id among messages of the same millisecond), paged.
    const newestFirst = bensPosts
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
      .map((message) => message.content);
    expect(await contentsFound(storage, query(here, [], { authorIds: [ben.id], limit: 3 }))).toEqual(newestFirst.slice(0, 3));
    expect(await contentsFound(storage, query(here, [], { authorIds: [ben.id], limit: 3, offset: 3 }))).toEqual(newestFirst.slice(3, 6));
    expect(await contentsFound(storage, query(here, [], { authorIds: [ada.id, ben.id] }))).toHaveLength(20);
  });

  it('matches words in the text only, never in the ids of a message’s author or channel', async () => {
    const { channelId: here } = await serverIn(storage);
    await post(storage, here, 'plain words');
    const hex = (id: string) => Buffer.from(id).toString('hex');
    for (const id of [ada.id, here]) {
      expect(await contentsFound(storage, query(here, [hex(id)]))).toEqual([]);
      expect(await contentsFound(storage, query(here, [hex(id).slice(0, 4)]))).toEqual([]);
    }
  });

  it('forgets the words of a deleted channel’s messages', async () => {
    const doomed = await serverIn(storage);
    await post(storage, doomed.channelId, 'doomed ibex');
    expect(await storage.channels.delete(doomed.channelId)).toBe(true);
    expect(await contentsFound(storage, query(doomed.channelId, ['ibex']))).toEqual([]);
  });
});

/** The SQLite file of a data directory's database. */
const sqlitePath = (database: DatabaseConfig): string => {
  if (database.engine !== 'sqlite') throw new Error('a SQLite database was expected');
  return database.path;
};

if (TEST_ENGINE === 'sqlite') {
  describe('SQLite search index (migration 008)', () => {
    const dataDirs: string[] = [];
    afterAll(() => {
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    });

    it('indexes the messages stored before it, leaving tombstones out', async () => {
      const dataDir = makeDataDir();
      dataDirs.push(dataDir);
      const database = loadConfig(await prepareEnvironment(dataDir)).database;
      const file = sqlitePath(database);
      // Back to the schema before 008, with messages in it: the migrations up to 007 on a new file.
      rmSync(file, { force: true });
      const db = new Database(file);
      const migrations = new URL('../src/storage/sqlite/migrations/', import.meta.url);
      for (const name of readdirSync(migrations).sort()) {
        if (Number.parseInt(name, 10) >= 8) break;
        db.exec(readFileSync(new URL(name, migrations), 'utf8'));
      }
      db.pragma('user_version = 7');
      db.exec(`INSERT INTO users (id, name) VALUES ('u_ada', 'Ada');
        INSERT INTO categories (id, name, position) VALUES ('${TEST_CATEGORY}', 'Test', 0);
        INSERT INTO servers (id, name, category_id, owner_id, visibility, created_at) VALUES ('s_old', 'Old', '${TEST_CATEGORY}', 'u_ada', 'public', '2026-01-01T00:00:00.000Z');
        INSERT INTO channels (id, server_id, name, position, last_seq) VALUES ('c_old', 's_old', 'general', 0, 3);
        INSERT INTO messages (id, channel_id, seq, version, author_id, content, created_at) VALUES
          ('m_1', 'c_old', 1, 1, 'u_ada', 'an old walrus', '2026-01-01T00:00:01.000Z'),
          ('m_2', 'c_old', 2, 2, 'u_ada', 'another old walrus', '2026-01-01T00:00:02.000Z');
        INSERT INTO messages (id, channel_id, seq, version, author_id, content, created_at, deleted) VALUES
          ('m_3', 'c_old', 3, 3, 'u_ada', '', '2026-01-01T00:00:03.000Z', 1);`);
      db.close();
      const storage = await openStorage(database, silent);
      try {
        expect(await contentsFound(storage, query('c_old', ['walrus']))).toEqual(['another old walrus', 'an old walrus']);
        expect((await storage.search.messages(query('c_old', []))).results.map((hit) => hit.message.id)).toEqual(['m_2', 'm_1']);
      } finally {
        await storage.close();
      }
    });

    it('pages the newest messages without words alike whether it reads all messages by time (busy channels) or the channels’ own (quiet ones)', async () => {
      const dataDir = makeDataDir();
      dataDirs.push(dataDir);
      const database = loadConfig(await prepareEnvironment(dataDir)).database;
      let storage = await openStorage(database, silent);
      const busy = await serverIn(storage);
      const quiet = await serverIn(storage);
      await storage.close();
      // Enough messages in the busy channel that it is read through all messages newest first;
      // the quiet channel's few are interleaved with them in time.
      const db = new Database(sqlitePath(database));
      const insert = db.prepare(
        'INSERT INTO messages (id, channel_id, seq, version, author_id, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const at = (index: number) => new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
      db.transaction(() => {
        for (let index = 0; index < 6000; index += 1) {
          const channel = index % 1000 === 0 ? quiet.channelId : busy.channelId;
          insert.run(`m_${String(index).padStart(5, '0')}`, channel, index + 1, index + 1, ada.id, `message ${index}`, at(index));
        }
      })();
      db.close();
      storage = await openStorage(database, silent);
      try {
        const ids = async (channelIds: string[], extra: Partial<SearchQuery>) =>
          (await storage.search.messages({ ...query(busy.channelId, []), channelIds, ...extra })).results.map((hit) => hit.message.id);
        expect(await ids([busy.channelId], { limit: 3, offset: 2 })).toEqual(['m_05997', 'm_05996', 'm_05995']);
        expect(await ids([busy.channelId], { limit: 2, before: at(3001) })).toEqual(['m_02999', 'm_02998']);
        expect(await ids([quiet.channelId], { limit: 3, offset: 1 })).toEqual(['m_04000', 'm_03000', 'm_02000']);
        expect(await ids([quiet.channelId], { limit: 3, after: at(2000) })).toEqual(['m_05000', 'm_04000', 'm_03000']);
        expect(await ids([busy.channelId, quiet.channelId], { limit: 2 })).toEqual(['m_05999', 'm_05998']);
        expect(await ids([busy.channelId, quiet.channelId], { limit: 2, before: at(5001) })).toEqual(['m_05000', 'm_04999']);
      } finally {
        await storage.close();
      }
    });

    it('keeps edits and deletes in step after VACUUM renumbers the messages’ rowids', async () => {
      const dataDir = makeDataDir();
      dataDirs.push(dataDir);
      const database = loadConfig(await prepareEnvironment(dataDir)).database;
      let storage = await openStorage(database, silent);
      const { channelId } = await serverIn(storage);
      const messages = [];
      for (let index = 0; index < 12; index += 1) messages.push(await post(storage, channelId, `yak number ${index}`));
      // Holes in the rowids, which VACUUM closes up by renumbering the rows after them.
      for (const message of messages.slice(0, 6)) {
        await storage.messages.change({ kind: 'delete', channelId, messageId: message.id }, ada.id);
      }
      await storage.close();
      const db = new Database(sqlitePath(database));
      db.exec('DELETE FROM messages WHERE deleted = 1');
      db.exec('VACUUM');
      db.close();
      storage = await openStorage(database, silent);
      try {
        const [edited, removed] = [messages[6], messages[7]] as [Message, Message];
        await storage.messages.change({ kind: 'edit', channelId, messageId: edited.id, content: 'a gnu now' }, ada.id);
        await storage.messages.change({ kind: 'delete', channelId, messageId: removed.id }, ada.id);
        const yaks = (await storage.search.messages(query(channelId, ['yak']))).results.map((hit) => hit.message.id);
        expect(yaks.sort()).toEqual(
          messages
            .slice(8)
            .map((message) => message.id)
            .sort(),
        );
        expect((await storage.search.messages(query(channelId, ['gnu']))).results.map((hit) => hit.message.id)).toEqual([edited.id]);
      } finally {
        await storage.close();
      }
    });
  });
}
