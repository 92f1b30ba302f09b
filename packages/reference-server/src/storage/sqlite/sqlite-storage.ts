import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MAX_DISTINCT_REACTIONS } from '@hearth/sdk/protocol';
import { newId } from '../../domain/ids.js';
import type { Message, Role, Server, User } from '../../domain/types.js';
import type { BatchOutcome } from '../batch-outcome.js';
import type { AppendResult, MessageChange, NewMessage, PageQuery, ReactionChange, ReactionResult, ServerQuery, Storage } from '../types.js';
import { type CategoryRow, type ChannelRow, type ServerRow, toCategory, toChannel, toServer } from '../rows.js';
import { GroupCommit } from './group-commit.js';
import { MESSAGE_QUERIES, type MessageRow, REACTIONS_OF } from './message-queries.js';
import { type ReactionRow, withReactions } from '../reaction-rows.js';
import { migrate } from './migrate.js';

/** Options of {@link createSqliteStorage}. */
export interface SqliteStorageOptions {
  /** Path of the database file; its directory is created when missing. */
  path: string;
  /** `full` makes every commit survive power loss; `normal` only a process crash. */
  synchronous: 'full' | 'normal';
}

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  channelId: row.channel_id,
  seq: row.seq,
  author: { id: row.author_id, name: row.author_name, avatarUrl: row.author_avatar_url },
  content: row.content,
  createdAt: row.created_at,
  clientId: row.client_id,
  version: row.version,
  editedAt: row.edited_at,
  deleted: row.deleted === 1,
  reactions: [],
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
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous.toUpperCase()}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const statements = {
    upsertUser: db.prepare<[string, string, string | null]>(
      `INSERT INTO users (id, name, avatar_url) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url
       WHERE users.name IS NOT excluded.name OR users.avatar_url IS NOT excluded.avatar_url`,
    ),
    bumpSeq: db.prepare<[string], { last_seq: number }>('UPDATE channels SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertMessage: db.prepare<[string, string, number, number, string, string | null, string, string]>(
      `INSERT INTO messages (id, channel_id, seq, version, author_id, client_id, content, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    byId: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byId),
    changesAfter: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.changesAfter),
    editMessage: db.prepare<[string, string, number, string]>(
      'UPDATE messages SET content = ?, edited_at = ?, version = ? WHERE id = ? AND deleted = 0',
    ),
    deleteMessage: db.prepare<[number, string]>("UPDATE messages SET content = '', deleted = 1, version = ? WHERE id = ? AND deleted = 0"),
    setVersion: db.prepare<[number, string]>('UPDATE messages SET version = ? WHERE id = ?'),
    reactionsOf: db.prepare<[string | null, string], ReactionRow>(REACTIONS_OF),
    hasReaction: db.prepare<[string, string, string], { found: number }>(
      'SELECT 1 AS found FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?',
    ),
    emojiOf: db.prepare<[string], { emoji: string }>('SELECT DISTINCT emoji FROM reactions WHERE message_id = ?'),
    insertReaction: db.prepare<[string, string, string, number]>(
      'INSERT INTO reactions (message_id, emoji, user_id, added_seq) VALUES (?, ?, ?, ?)',
    ),
    deleteReaction: db.prepare<[string, string, string]>('DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?'),
    deleteReactions: db.prepare<[string]>('DELETE FROM reactions WHERE message_id = ?'),
    byAuthorClient: db.prepare<[string, string], MessageRow>(MESSAGE_QUERIES.byAuthorClient),
    newest: db.prepare<[string, number], MessageRow>(MESSAGE_QUERIES.newest),
    before: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.before),
    after: db.prepare<[string, number, number], MessageRow>(MESSAGE_QUERIES.after),
    lastSeq: db.prepare<[string], { last_seq: number }>('SELECT last_seq FROM channels WHERE id = ?'),
    channel: db.prepare<[string], ChannelRow>('SELECT id, server_id, name, topic, position FROM channels WHERE id = ?'),
    channelsOf: db.prepare<[string], ChannelRow>(
      'SELECT id, server_id, name, topic, position FROM channels WHERE server_id = ? ORDER BY position, id',
    ),
    channelByName: db.prepare<[string, string], { id: string }>('SELECT id FROM channels WHERE server_id = ? AND name = ?'),
    insertChannel: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO channels (id, server_id, name, topic, position)
       VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM channels WHERE server_id = ?))`,
    ),
    server: db.prepare<[string], ServerRow>(`SELECT ${SERVER_COLUMNS} FROM servers s WHERE s.id = ?`),
    insertServer: db.prepare<[string, string, string, string, string, string, string]>(
      `INSERT INTO servers (id, name, description, category_id, owner_id, visibility, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    serverCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM servers'),
    role: db.prepare<[string, string], { role: Role }>('SELECT role FROM memberships WHERE server_id = ? AND user_id = ?'),
    insertMember: db.prepare<[string, string, Role, string]>(
      `INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (server_id, user_id) DO NOTHING`,
    ),
    insertUserIfAbsent: db.prepare<[string, string]>('INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING'),
    deleteMember: db.prepare<[string, string]>('DELETE FROM memberships WHERE server_id = ? AND user_id = ?'),
    categories: db.prepare<[], CategoryRow>('SELECT id, name, description, icon_url FROM categories ORDER BY position, name'),
    category: db.prepare<[string], CategoryRow>('SELECT id, name, description, icon_url FROM categories WHERE id = ?'),
    insertCategory: db.prepare<[string, string, string, string | null]>(
      `INSERT INTO categories (id, name, description, icon_url, position)
       VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM categories))`,
    ),
  };

  const upsertUser = (user: User) => statements.upsertUser.run(user.id, user.name, user.avatarUrl);

  const appendOne = (input: NewMessage): AppendResult => {
    if (input.clientId !== null) {
      const existing = statements.byAuthorClient.get(input.author.id, input.clientId);
      if (existing) return { message: read([existing], input.author.id)[0] as Message, duplicate: true };
    }
    upsertUser(input.author);
    const bumped = statements.bumpSeq.get(input.channelId);
    if (!bumped) throw new Error(`channel ${input.channelId} does not exist`);
    const message: Message = {
      id: newId('m'),
      channelId: input.channelId,
      seq: bumped.last_seq,
      author: input.author,
      content: input.content,
      createdAt: new Date().toISOString(),
      clientId: input.clientId,
      version: bumped.last_seq,
      editedAt: null,
      deleted: false,
      reactions: [],
    };
    statements.insertMessage.run(
      message.id,
      message.channelId,
      message.seq,
      message.version,
      input.author.id,
      input.clientId,
      message.content,
      message.createdAt,
    );
    return { message, duplicate: false };
  };

  // Each item runs in a savepoint of the batch's transaction, so one refused item rolls back alone.
  const appendInSavepoint = db.transaction(appendOne);
  const appendBatch = db.transaction((items: NewMessage[]): Array<BatchOutcome<AppendResult>> =>
    items.map((item) => {
      try {
        return { ok: true, value: appendInSavepoint(item) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  const appends = new GroupCommit<NewMessage, AppendResult>((items) => appendBatch(items));

  /** Messages read from rows, with their reactions; `me` for `viewerId`. */
  const read = (rows: MessageRow[], viewerId: string | undefined): Message[] => {
    const messages = rows.map(toMessage);
    if (messages.length === 0) return messages;
    const ids = JSON.stringify(messages.map((message) => message.id));
    return withReactions(messages, statements.reactionsOf.all(viewerId ?? null, ids));
  };
  const readOne = (channelId: string, messageId: string, viewerId: string | undefined): Message | undefined => {
    const row = statements.byId.get(messageId, channelId);
    return row && read([row], viewerId)[0];
  };

  // Not through the group commit: these transactions run at once, between two batches, so seqs
  // still follow commit order.
  const change = db.transaction((input: MessageChange, viewerId: string | undefined): Message | undefined => {
    const row = statements.byId.get(input.messageId, input.channelId);
    if (!row || row.deleted === 1) return undefined;
    const bumped = statements.bumpSeq.get(input.channelId);
    if (!bumped) return undefined;
    if (input.kind === 'edit') {
      statements.editMessage.run(input.content, new Date().toISOString(), bumped.last_seq, input.messageId);
    } else {
      statements.deleteMessage.run(bumped.last_seq, input.messageId);
      statements.deleteReactions.run(input.messageId);
    }
    return readOne(input.channelId, input.messageId, viewerId);
  });

  const react = db.transaction((input: ReactionChange): ReactionResult => {
    const row = statements.byId.get(input.messageId, input.channelId);
    if (!row || row.deleted === 1) return { refused: 'unknown_message' };
    const { messageId, emoji, user } = input;
    const present = statements.hasReaction.get(messageId, emoji, user.id) !== undefined;
    if (present === input.added) return { message: read([row], user.id)[0] as Message, changed: false };
    if (input.added) {
      const emojiNow = statements.emojiOf.all(messageId).map((entry) => entry.emoji);
      if (!emojiNow.includes(emoji) && emojiNow.length >= MAX_DISTINCT_REACTIONS) return { refused: 'reaction_limit' };
    }
    upsertUser(user);
    const bumped = statements.bumpSeq.get(input.channelId);
    if (!bumped) return { refused: 'unknown_message' };
    if (input.added) statements.insertReaction.run(messageId, emoji, user.id, bumped.last_seq);
    else statements.deleteReaction.run(messageId, emoji, user.id);
    statements.setVersion.run(bumped.last_seq, messageId);
    return { message: readOne(input.channelId, messageId, user.id) as Message, changed: true };
  });

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
      async create(input) {
        const id = input.id ?? newId('s');
        db.transaction(() => {
          upsertUser(input.owner);
          const now = new Date().toISOString();
          statements.insertServer.run(id, input.name, input.description, input.categoryId, input.owner.id, input.visibility, now);
          statements.insertMember.run(id, input.owner.id, 'owner', now);
          statements.insertChannel.run(input.firstChannel.id ?? newId('c'), id, input.firstChannel.name, input.firstChannel.topic, id);
        })();
        const created = statements.server.get(id);
        if (!created) throw new Error(`server ${id} vanished after insert`);
        return withChannels([created])[0] as Server;
      },
      async setImage(id, kind, url) {
        const column = kind === 'icon' ? 'icon_url' : 'banner_url';
        db.prepare(`UPDATE servers SET ${column} = ? WHERE id = ?`).run(url, id);
      },
      async roleOf(serverId, userId) {
        return statements.role.get(serverId, userId)?.role;
      },
      async join(serverId, user) {
        return db.transaction(() => {
          upsertUser(user);
          return statements.insertMember.run(serverId, user.id, 'member', new Date().toISOString()).changes > 0;
        })();
      },
      async addMember(serverId, userId) {
        return db.transaction(() => {
          statements.insertUserIfAbsent.run(userId, userId);
          return statements.insertMember.run(serverId, userId, 'member', new Date().toISOString()).changes > 0;
        })();
      },
      async leave(serverId, userId) {
        return statements.deleteMember.run(serverId, userId).changes > 0;
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
        return db.transaction(() => {
          if (statements.channelByName.get(input.serverId, input.name)) return { conflict: 'name' as const };
          const id = input.id ?? newId('c');
          statements.insertChannel.run(id, input.serverId, input.name, input.topic, input.serverId);
          const row = statements.channel.get(id);
          if (!row) throw new Error(`channel ${id} vanished after insert`);
          return { created: toChannel(row) };
        })();
      },
    },
    messages: {
      append(message) {
        if (closed) return Promise.reject(new Error('storage is closed'));
        return appends.submit(message);
      },
      async page(channelId, query: PageQuery, viewerId) {
        // One row more than asked tells whether another page exists.
        const probe = query.limit + 1;
        if (query.after !== undefined) {
          const rows = statements.after.all(channelId, query.after, probe);
          return { messages: read(rows.slice(0, query.limit), viewerId), hasMore: rows.length > query.limit };
        }
        const rows =
          query.before !== undefined ? statements.before.all(channelId, query.before, probe) : statements.newest.all(channelId, probe);
        return { messages: read(rows.slice(0, query.limit).reverse(), viewerId), hasMore: rows.length > query.limit };
      },
      async lastSeq(channelId) {
        return statements.lastSeq.get(channelId)?.last_seq ?? 0;
      },
      async get(channelId, messageId, viewerId) {
        return readOne(channelId, messageId, viewerId);
      },
      async change(input, viewerId) {
        if (closed) throw new Error('storage is closed');
        return change(input, viewerId);
      },
      async react(input) {
        if (closed) throw new Error('storage is closed');
        return react(input);
      },
      async changesAfter(channelId, afterSeq, limit, viewerId) {
        const rows = statements.changesAfter.all(channelId, afterSeq, limit + 1);
        return { messages: read(rows.slice(0, limit), viewerId), hasMore: rows.length > limit };
      },
    },
    async close() {
      if (closed) return;
      closed = true;
      appends.flush();
      await appends.drained();
      db.close();
    },
  };
}
