import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { newId } from '../../domain/ids.js';
import type { Member, Role, Server, Visibility } from '../../domain/types.js';
import { splitAround } from '../around-split.js';
import type { PageQuery, ServerQuery, Storage } from '../types.js';
import { CHANNEL_COLUMNS, type CategoryRow, type ChannelRow, type ServerRow, toCategory, toChannel, toServer } from '../rows.js';
import { createSqliteAttachments } from './attachments.js';
import { namePrefixPattern } from '../name-prefix.js';
import { missingRootIds, withThreadRoots } from '../thread-roots.js';
import { MESSAGE_QUERIES, type MessageRow } from './message-queries.js';
import { createMessageStore, toMessage } from './message-store.js';
import { type MessageWriter, createInlineWriter } from './message-writer.js';
import { createWriteBatch } from './message-writes.js';
import { type SqliteSynchronous, openDatabase } from './open-database.js';
import { createThreadWriter } from './thread-writer.js';
import { migrate } from './migrate.js';
import { createSqliteModeration } from './moderation.js';
import { createSqliteSearch } from './search-queries.js';
import { GET_READ_STATE, LIST_READ_STATES, RAISE_READ_STATE } from './read-state-queries.js';
import { type ReadStateRow, toReadState } from '../read-state-rows.js';

/** Options of {@link createSqliteStorage}. */
export interface SqliteStorageOptions {
  /** Path of the database file; its directory is created when missing. */
  path: string;
  /** `full` makes every commit survive power loss; `normal` only a process crash. */
  synchronous: SqliteSynchronous;
  /**
   * Where the writes that take a seq (appends, edits, deletes, reactions) commit: `thread`, on a
   * worker thread with a connection of its own, so the event loop never waits for the disk;
   * `main`, on the event loop between two turns. Both commit the writes queued together in one
   * transaction and resolve each only after its commit. `main` unless said otherwise.
   */
  writer?: 'thread' | 'main';
  /**
   * With the `main` writer, the least time in ms from one commit to the next: writes that come
   * sooner wait and commit together (see `GroupCommit`). 0 unless said otherwise.
   */
  commitIntervalMs?: number;
}

/** A user row with a role, as the member listing reads it. */
interface MemberRow {
  id: string;
  name: string;
  avatar_url: string | null;
  role: Role;
  muted_until: string | null;
  online: number;
}

const toMember = (row: MemberRow): Member => ({
  user: { id: row.id, name: row.name, avatarUrl: row.avatar_url },
  role: row.role,
  mutedUntil: row.muted_until,
  online: row.online === 1,
});

const SERVER_COLUMNS = `s.id, s.name, s.description, s.icon_url, s.banner_url, s.category_id, s.owner_id,
  s.visibility, (SELECT count(*) FROM memberships mc WHERE mc.server_id = s.id) AS member_count`;

/**
 * {@link Storage} on a SQLite file through better-sqlite3, in WAL mode. Messages are appended by
 * group commit: sends that arrive together share one transaction and one fsync.
 *
 * @example
 * const storage = createSqliteStorage({ path: '.data/hearth.db', synchronous: 'full' });
 */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  mkdirSync(path.dirname(options.path), { recursive: true });
  const db = openDatabase(options.path, options.synchronous);
  migrate(db);
  const attachments = createSqliteAttachments(db);
  const store = createMessageStore(db, attachments);
  const { read, readOne, upsertUser } = store;
  const onThread = options.writer === 'thread';
  const writer: MessageWriter = onThread
    ? createThreadWriter({ path: options.path, synchronous: options.synchronous })
    : createInlineWriter(createWriteBatch(db, store), options.commitIntervalMs);

  const statements = {
    placeOf: db.prepare<[string], { channel_id: string; thread_id: string | null; deleted: number }>(
      'SELECT channel_id, thread_id, deleted FROM messages WHERE id = ?',
    ),
    byId: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byId),
    byIds: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byIds),
    reactors: db.prepare<[string, string, number], { id: string; name: string; avatar_url: string | null; total: number }>(
      `SELECT u.id, u.name, u.avatar_url, count(*) OVER () AS total
       FROM reactions r JOIN users u ON u.id = r.user_id
       WHERE r.message_id = ? AND r.emoji = ? ORDER BY r.added_seq LIMIT ?`,
    ),
    changesAfter: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.changesAfter),
    byAuthorClient: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byAuthorClient),
    newest: db.prepare<[string, number], MessageRow>(MESSAGE_QUERIES.newest),
    before: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.before),
    after: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.after),
    threadNewest: db.prepare<[string, number], MessageRow>(MESSAGE_QUERIES.threadNewest),
    threadBefore: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.threadBefore),
    threadAfter: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.threadAfter),
    lastSeq: db.prepare<[string], { last_seq: number }>('SELECT last_seq FROM channels WHERE id = ?'),
    channel: db.prepare<[string], ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = ?`),
    channelsOf: db.prepare<[string], ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE server_id = ? ORDER BY position, id`),
    channelByName: db.prepare<[string, string], { id: string }>('SELECT id FROM channels WHERE server_id = ? AND name = ?'),
    insertChannel: db.prepare<[string, string, string, string, number, string]>(
      `INSERT INTO channels (id, server_id, name, topic, slow_mode_seconds, position)
       VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM channels WHERE server_id = ?))`,
    ),
    lastPostAt: db.prepare<[string, string], { created_at: string | null }>(
      'SELECT max(created_at) AS created_at FROM messages WHERE channel_id = ? AND author_id = ?',
    ),
    server: db.prepare<[string], ServerRow>(`SELECT ${SERVER_COLUMNS} FROM servers s WHERE s.id = ?`),
    insertServer: db.prepare<[string, string, string, string, string, string, string]>(
      `INSERT INTO servers (id, name, description, category_id, owner_id, visibility, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    serverCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM servers'),
    serverVisibility: db.prepare<[string], { visibility: Visibility }>('SELECT visibility FROM servers WHERE id = ?'),
    role: db.prepare<[string, string], { role: Role }>('SELECT role FROM memberships WHERE server_id = ? AND user_id = ?'),
    insertMember: db.prepare<[string, string, Role, string]>(
      `INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (server_id, user_id) DO NOTHING`,
    ),
    insertUserIfAbsent: db.prepare<[string, string]>('INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING'),
    deleteMember: db.prepare<[string, string]>('DELETE FROM memberships WHERE server_id = ? AND user_id = ?'),
    members: db.prepare<[string, string, string, number, number], MemberRow>(
      `SELECT u.id, u.name, u.avatar_url, ms.role, ms.muted_until, online FROM (
         SELECT ms.user_id, ms.role, ms.muted_until, ms.user_id IN (SELECT value FROM json_each(?)) AS online
         FROM memberships ms WHERE ms.server_id = ?
       ) ms JOIN users u ON u.id = ms.user_id
       WHERE unicode_lower(u.name) LIKE ? ESCAPE '\\'
       ORDER BY online DESC, unicode_lower(u.name), u.id LIMIT ? OFFSET ?`,
    ),
    member: db.prepare<[string, string, string], MemberRow>(
      `SELECT u.id, u.name, u.avatar_url, ms.role, ms.muted_until, ms.user_id IN (SELECT value FROM json_each(?)) AS online
       FROM memberships ms JOIN users u ON u.id = ms.user_id
       WHERE ms.server_id = ? AND ms.user_id = ?`,
    ),
    serverIdsOf: db.prepare<[string], { server_id: string }>('SELECT server_id FROM memberships WHERE user_id = ?'),
    listReadStates: db.prepare<{ user: string }, ReadStateRow>(LIST_READ_STATES),
    getReadState: db.prepare<{ user: string; channel: string; atLeast: number }, ReadStateRow>(GET_READ_STATE),
    raiseReadState: db.prepare<{ user: string; channel: string; seq: number }>(RAISE_READ_STATE),
    membersAmong: db.prepare<[string, string], { user_id: string }>(
      'SELECT user_id FROM memberships WHERE server_id = ? AND user_id IN (SELECT value FROM json_each(?))',
    ),
    categories: db.prepare<[], CategoryRow>('SELECT id, name, description, icon_url FROM categories ORDER BY position, name'),
    category: db.prepare<[string], CategoryRow>('SELECT id, name, description, icon_url FROM categories WHERE id = ?'),
    insertCategory: db.prepare<[string, string, string, string | null]>(
      `INSERT INTO categories (id, name, description, icon_url, position)
       VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM categories))`,
    ),
  };

  const moderation = createSqliteModeration(db, upsertUser);
  const search = createSqliteSearch(db, read, { catchUpEverySecond: !onThread });

  const withChannels = (rows: ServerRow[]): Server[] => rows.map((row) => toServer(row, statements.channelsOf.all(row.id).map(toChannel)));

  let closed = false;

  return {
    users: {
      async upsert(user) {
        upsertUser(user);
      },
    },
    categories: {
      async list() {
        return statements.categories.all().map(toCategory);
      },
      async get(id) {
        const row = statements.category.get(id);
        return row && toCategory(row);
      },
      async create(category) {
        const id = category.id ?? newId('ct');
        statements.insertCategory.run(id, category.name, category.description, category.iconUrl);
        return { id, name: category.name, description: category.description, iconUrl: category.iconUrl };
      },
    },
    servers: {
      async list(query: ServerQuery) {
        const where: string[] = [];
        const params: Array<string | number> = [];
        if (query.memberOnly) {
          where.push('EXISTS (SELECT 1 FROM memberships mv WHERE mv.server_id = s.id AND mv.user_id = ?)');
          params.push(query.viewerId);
        } else {
          where.push("(s.visibility = 'public' OR EXISTS (SELECT 1 FROM memberships mv WHERE mv.server_id = s.id AND mv.user_id = ?))");
          params.push(query.viewerId);
        }
        if (query.categoryId !== undefined) {
          where.push('s.category_id = ?');
          params.push(query.categoryId);
        }
        params.push(query.limit);
        const rows = db
          .prepare<Array<string | number>, ServerRow>(
            `SELECT ${SERVER_COLUMNS} FROM servers s WHERE ${where.join(' AND ')} ORDER BY s.created_at, s.id LIMIT ?`,
          )
          .all(...params);
        return withChannels(rows);
      },
      async get(id) {
        const row = statements.server.get(id);
        return row && withChannels([row])[0];
      },
      async visibility(id) {
        return statements.serverVisibility.get(id)?.visibility;
      },
      async create(input) {
        const id = input.id ?? newId('s');
        db.transaction(() => {
          upsertUser(input.owner);
          const now = new Date().toISOString();
          statements.insertServer.run(id, input.name, input.description, input.categoryId, input.owner.id, input.visibility, now);
          statements.insertMember.run(id, input.owner.id, 'owner', now);
          statements.insertChannel.run(input.firstChannel.id ?? newId('c'), id, input.firstChannel.name, input.firstChannel.topic, 0, id);
        }).immediate();
        const created = statements.server.get(id);
        if (!created) throw new Error(`server ${id} vanished after insert`);
        return withChannels([created])[0] as Server;
      },
      async setImage(id, kind, url) {
        const column = kind === 'icon' ? 'icon_url' : 'banner_url';
        db.prepare(`UPDATE servers SET ${column} = ? WHERE id = ?`).run(url, id);
      },
      async update(id, patch) {
        if (!moderation.updateServer(id, patch)) return undefined;
        const row = statements.server.get(id);
        return row && withChannels([row])[0];
      },
      ...moderation.servers,
      async roleOf(serverId, userId) {
        return statements.role.get(serverId, userId)?.role;
      },
      async join(serverId, user) {
        return db
          .transaction(() => {
            upsertUser(user);
            return statements.insertMember.run(serverId, user.id, 'member', new Date().toISOString()).changes > 0;
          })
          .immediate();
      },
      async addMember(serverId, userId) {
        return db
          .transaction(() => {
            statements.insertUserIfAbsent.run(userId, userId);
            return statements.insertMember.run(serverId, userId, 'member', new Date().toISOString()).changes > 0;
          })
          .immediate();
      },
      async leave(serverId, userId) {
        return statements.deleteMember.run(serverId, userId).changes > 0;
      },
      async members(serverId, query) {
        const rows = statements.members.all(
          JSON.stringify(query.online),
          serverId,
          namePrefixPattern(query.prefix),
          query.limit + 1,
          query.offset,
        );
        return { members: rows.slice(0, query.limit).map(toMember), hasMore: rows.length > query.limit };
      },
      async member(serverId, userId, online) {
        const row = statements.member.get(JSON.stringify(online), serverId, userId);
        return row && toMember(row);
      },
      async idsOf(userId) {
        return statements.serverIdsOf.all(userId).map((row) => row.server_id);
      },
      async membersAmong(serverId, userIds) {
        if (userIds.length === 0) return [];
        return statements.membersAmong.all(serverId, JSON.stringify(userIds)).map((row) => row.user_id);
      },
      async count() {
        return statements.serverCount.get()?.n ?? 0;
      },
    },
    channels: {
      async get(id) {
        const row = statements.channel.get(id);
        return row && toChannel(row);
      },
      async create(input) {
        return db
          .transaction(() => {
            if (statements.channelByName.get(input.serverId, input.name)) return { conflict: 'name' as const };
            const id = input.id ?? newId('c');
            statements.insertChannel.run(id, input.serverId, input.name, input.topic, input.slowModeSeconds ?? 0, input.serverId);
            const row = statements.channel.get(id);
            if (!row) throw new Error(`channel ${id} vanished after insert`);
            return { created: toChannel(row) };
          })
          .immediate();
      },
      ...moderation.channels,
    },
    invites: moderation.invites,
    audit: moderation.audit,
    search: search.namespace,
    attachments: attachments.namespace,
    messages: {
      append(message) {
        if (closed) return Promise.reject(new Error('storage is closed'));
        return writer.submit({ kind: 'append', input: message });
      },
      async page(channelId, query: PageQuery, viewerId) {
        const line =
          query.thread === undefined
            ? { key: channelId, newest: statements.newest, before: statements.before, after: statements.after }
            : { key: query.thread, newest: statements.threadNewest, before: statements.threadBefore, after: statements.threadAfter };
        // One row more than asked tells whether another page exists.
        const probe = query.limit + 1;
        if (query.around !== undefined) {
          const older = line.before.all(line.key, query.around, probe);
          const newer = line.after.all(line.key, query.around - 1, probe);
          const split = splitAround(query.limit, older.length, newer.length);
          return {
            messages: read([...older.slice(0, split.older).reverse(), ...newer.slice(0, split.newer)], viewerId),
            hasMore: older.length > split.older,
            hasNewer: newer.length > split.newer,
          };
        }
        if (query.after !== undefined) {
          const rows = line.after.all(line.key, query.after, probe);
          return { messages: read(rows.slice(0, query.limit), viewerId), hasMore: rows.length > query.limit };
        }
        const rows = query.before !== undefined ? line.before.all(line.key, query.before, probe) : line.newest.all(line.key, probe);
        return { messages: read(rows.slice(0, query.limit).reverse(), viewerId), hasMore: rows.length > query.limit };
      },
      async lastSeq(channelId) {
        return statements.lastSeq.get(channelId)?.last_seq ?? 0;
      },
      async lastPostAt(channelId, userId) {
        return statements.lastPostAt.get(channelId, userId)?.created_at ?? null;
      },
      async byClientId(authorId, clientId) {
        const row = statements.byAuthorClient.get(authorId, clientId);
        return row && read([row], authorId)[0];
      },
      async get(channelId, messageId, viewerId) {
        return readOne(channelId, messageId, viewerId);
      },
      async change(input, viewerId) {
        if (closed) throw new Error('storage is closed');
        return writer.submit({ kind: 'change', input, viewerId });
      },
      async react(input) {
        if (closed) throw new Error('storage is closed');
        return writer.submit({ kind: 'react', input });
      },
      async changesAfter(channelId, afterSeq, limit, viewerId) {
        const probed = statements.changesAfter.all(channelId, afterSeq, limit + 1);
        const rows = probed.slice(0, limit);
        const missing = missingRootIds(rows.map(toMessage));
        const rootRows = missing.length > 0 ? statements.byIds.all(JSON.stringify(missing), channelId) : [];
        const messages = read([...rows, ...rootRows], viewerId);
        return {
          messages: withThreadRoots(messages.slice(0, rows.length), messages.slice(rows.length), afterSeq),
          hasMore: probed.length > limit,
        };
      },
      async reactors(channelId, messageId, emoji, limit) {
        const row = statements.placeOf.get(messageId);
        if (!row || row.channel_id !== channelId || row.deleted === 1) return undefined;
        const rows = statements.reactors.all(messageId, emoji, limit);
        return { users: rows.map((user) => ({ id: user.id, name: user.name, avatarUrl: user.avatar_url })), count: rows[0]?.total ?? 0 };
      },
    },
    readStates: {
      async list(userId) {
        return statements.listReadStates.all({ user: userId }).map(toReadState);
      },
      async get(userId, channelId, atLeast) {
        const row = statements.getReadState.get({ user: userId, channel: channelId, atLeast });
        return row && toReadState(row);
      },
      async raise(marks) {
        db.transaction(() => {
          for (const mark of marks) statements.raiseReadState.run({ user: mark.userId, channel: mark.channelId, seq: mark.seq });
        }).immediate();
      },
    },
    async close() {
      if (closed) return;
      closed = true;
      await writer.close();
      search.stop();
      db.close();
    },
  };
}
