import pg from 'pg';
import { newId } from '../../domain/ids.js';
import type { Member, Role, Server, User, Visibility } from '../../domain/types.js';
import { splitAround } from '../around-split.js';
import { namePrefixPattern } from '../name-prefix.js';
import { missingRootIds, withThreadRoots } from '../thread-roots.js';
import { redactUrl } from '../../redact-url.js';
import type { AppendResult, NewMessage, PageQuery, ServerQuery, Storage } from '../types.js';
import { appendBatch } from './append-batch.js';
import { createPostgresAttachments } from './attachments.js';
import { AsyncGroupCommit } from '../async-group-commit.js';
import { changeMessage, reactToMessage } from './change-message.js';
import { MESSAGE_QUERIES, type MessageRow } from './message-queries.js';
import { migrate } from './migrate.js';
import { createPostgresModeration } from './moderation.js';
import { GET_READ_STATE, LIST_READ_STATES, RAISE_READ_STATES } from './read-state-queries.js';
import { type ReadStateRow, toReadState } from '../read-state-rows.js';
import { CHANNEL_COLUMNS, type CategoryRow, type ChannelRow, type ServerRow, toCategory, toChannel, toServer } from '../rows.js';
import { readMessages, toMessage } from './rows.js';
import { createPostgresSearch } from './search-queries.js';
import { inTransaction } from './transaction.js';

/** Options of {@link createPostgresStorage}. */
export interface PostgresStorageOptions {
  /** `postgres://user:password@host:5432/database`. */
  url: string;
  /** Most connections this process opens; appends use one at a time, reads the rest. */
  poolSize: number;
  /** Told about a pooled connection that failed while idle (the pool replaces it). */
  onIdleError?: (error: Error) => void;
}

/** Most sends one transaction stores, so one batch never holds huge parameter arrays. */
const MAX_BATCH = 500;

const SERVER_COLUMNS = `s.id, s.name, s.description, s.icon_url, s.banner_url, s.category_id, s.owner_id,
  s.visibility, (SELECT count(*)::integer FROM memberships mc WHERE mc.server_id = s.id) AS member_count`;

/** A member's columns, as the member listing reads them; `online` is whether they are in the text[] parameter named. */
function memberColumns(onlineParameter: string): string {
  return `u.id, u.name, u.avatar_url, ms.role, ms.muted_until, ms.user_id = ANY(${onlineParameter}::text[]) AS online`;
}

/** A row of {@link memberColumns}. */
interface MemberRow {
  id: string;
  name: string;
  avatar_url: string | null;
  role: Role;
  muted_until: Date | null;
  online: boolean;
}

const toMember = (row: MemberRow): Member => ({
  user: { id: row.id, name: row.name, avatarUrl: row.avatar_url },
  role: row.role,
  mutedUntil: row.muted_until?.toISOString() ?? null,
  online: row.online,
});

const UPSERT_USER = `INSERT INTO users (id, name, avatar_url) VALUES ($1, $2, $3)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url
  WHERE users.name IS DISTINCT FROM excluded.name OR users.avatar_url IS DISTINCT FROM excluded.avatar_url`;
const INSERT_MEMBER = `INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (server_id, user_id) DO NOTHING`;
const INSERT_CHANNEL = `INSERT INTO channels (id, server_id, name, topic, slow_mode_seconds, position)
  VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), -1) + 1 FROM channels WHERE server_id = $2))
  ON CONFLICT ON CONSTRAINT channels_name_in_server DO NOTHING
  RETURNING ${CHANNEL_COLUMNS}`;

/**
 * {@link Storage} on PostgreSQL through a `pg` pool, for several Hearth processes sharing one
 * database. Applies its migrations before it resolves. Messages are appended by group commit: the
 * sends that arrive while a batch commits share the next transaction.
 *
 * @example
 * const storage = await createPostgresStorage({ url: 'postgres://hearth@db/hearth', poolSize: 10 });
 */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, application_name: 'hearth' });
  // Without a listener, an idle connection that dies (a database restart) would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw new Error(`cannot use PostgreSQL at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }

  const appends = new AsyncGroupCommit<NewMessage, AppendResult>((items) => appendBatch(pool, items), MAX_BATCH);
  /** Changes under way, so that closing waits for them as it waits for appends. */
  const changes = new Set<Promise<unknown>>();
  let closed = false;
  const track = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('storage is closed'));
    const pending = work();
    changes.add(pending);
    void pending.catch(() => undefined).finally(() => changes.delete(pending));
    return pending;
  };

  const withChannels = async (rows: ServerRow[]): Promise<Server[]> => {
    if (rows.length === 0) return [];
    const channels = await pool.query<ChannelRow>(
      `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE server_id = ANY($1::text[]) ORDER BY position, id`,
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => toServer(row, channels.rows.filter((channel) => channel.server_id === row.id).map(toChannel)));
  };

  const getServer = async (id: string): Promise<Server | undefined> => {
    const { rows } = await pool.query<ServerRow>(`SELECT ${SERVER_COLUMNS} FROM servers s WHERE s.id = $1`, [id]);
    return (await withChannels(rows))[0];
  };

  const upsertUser = (client: pg.Pool | pg.PoolClient, user: User) => client.query(UPSERT_USER, [user.id, user.name, user.avatarUrl]);

  const moderation = createPostgresModeration(pool, upsertUser, track);

  return {
    users: {
      async upsert(user) {
        await upsertUser(pool, user);
      },
    },
    categories: {
      async list() {
        const { rows } = await pool.query<CategoryRow>('SELECT id, name, description, icon_url FROM categories ORDER BY position, name');
        return rows.map(toCategory);
      },
      async get(id) {
        const { rows } = await pool.query<CategoryRow>('SELECT id, name, description, icon_url FROM categories WHERE id = $1', [id]);
        return rows[0] && toCategory(rows[0]);
      },
      async create(category) {
        const id = category.id ?? newId('ct');
        await pool.query(
          `INSERT INTO categories (id, name, description, icon_url, position)
           VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position), -1) + 1 FROM categories))`,
          [id, category.name, category.description, category.iconUrl],
        );
        return { id, name: category.name, description: category.description, iconUrl: category.iconUrl };
      },
    },
    servers: {
      async list(query: ServerQuery) {
        const params: Array<string | number> = [query.viewerId];
        const where = query.memberOnly
          ? ['EXISTS (SELECT 1 FROM memberships mv WHERE mv.server_id = s.id AND mv.user_id = $1)']
          : ["(s.visibility = 'public' OR EXISTS (SELECT 1 FROM memberships mv WHERE mv.server_id = s.id AND mv.user_id = $1))"];
        if (query.categoryId !== undefined) {
          params.push(query.categoryId);
          where.push(`s.category_id = $${params.length}`);
        }
        params.push(query.limit);
        const { rows } = await pool.query<ServerRow>(
          `SELECT ${SERVER_COLUMNS} FROM servers s WHERE ${where.join(' AND ')} ORDER BY s.created_at, s.id LIMIT $${params.length}`,
          params,
        );
        return withChannels(rows);
      },
      get: getServer,
      async create(input) {
        const id = input.id ?? newId('s');
        await inTransaction(pool, async (client) => {
          await upsertUser(client, input.owner);
          const now = new Date().toISOString();
          await client.query(
            `INSERT INTO servers (id, name, description, category_id, owner_id, visibility, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [id, input.name, input.description, input.categoryId, input.owner.id, input.visibility, now],
          );
          await client.query(INSERT_MEMBER, [id, input.owner.id, 'owner', now]);
          await client.query(INSERT_CHANNEL, [
            input.firstChannel.id ?? newId('c'),
            id,
            input.firstChannel.name,
            input.firstChannel.topic,
            0,
          ]);
        });
        const created = await getServer(id);
        if (!created) throw new Error(`server ${id} vanished after insert`);
        return created;
      },
      async setImage(id, kind, url) {
        const column = kind === 'icon' ? 'icon_url' : 'banner_url';
        await pool.query(`UPDATE servers SET ${column} = $1 WHERE id = $2`, [url, id]);
      },
      async update(id, patch) {
        return (await moderation.updateServer(id, patch)) ? getServer(id) : undefined;
      },
      ...moderation.servers,
      async roleOf(serverId, userId) {
        const { rows } = await pool.query<{ role: Role }>('SELECT role FROM memberships WHERE server_id = $1 AND user_id = $2', [
          serverId,
          userId,
        ]);
        return rows[0]?.role;
      },
      async join(serverId, user) {
        return inTransaction(pool, async (client) => {
          await upsertUser(client, user);
          const inserted = await client.query(INSERT_MEMBER, [serverId, user.id, 'member', new Date().toISOString()]);
          return (inserted.rowCount ?? 0) > 0;
        });
      },
      async addMember(serverId, userId) {
        return inTransaction(pool, async (client) => {
          await client.query('INSERT INTO users (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [userId]);
          const inserted = await client.query(INSERT_MEMBER, [serverId, userId, 'member', new Date().toISOString()]);
          return (inserted.rowCount ?? 0) > 0;
        });
      },
      async leave(serverId, userId) {
        const deleted = await pool.query('DELETE FROM memberships WHERE server_id = $1 AND user_id = $2', [serverId, userId]);
        return (deleted.rowCount ?? 0) > 0;
      },
      async members(serverId, query) {
        // Ordered by code point, as SQLite orders them, whatever the database's collation.
        const { rows } = await pool.query<MemberRow>(
          `SELECT ${memberColumns('$5')}
           FROM memberships ms JOIN users u ON u.id = ms.user_id
           WHERE ms.server_id = $1 AND lower(u.name) LIKE $2 ESCAPE '\\'
           ORDER BY online DESC, lower(u.name) COLLATE "C", u.id LIMIT $3 OFFSET $4`,
          [serverId, namePrefixPattern(query.prefix), query.limit + 1, query.offset, query.online],
        );
        return { members: rows.slice(0, query.limit).map(toMember), hasMore: rows.length > query.limit };
      },
      async member(serverId, userId, online) {
        const { rows } = await pool.query<MemberRow>(
          `SELECT ${memberColumns('$3')}
           FROM memberships ms JOIN users u ON u.id = ms.user_id
           WHERE ms.server_id = $1 AND ms.user_id = $2`,
          [serverId, userId, online],
        );
        return rows[0] && toMember(rows[0]);
      },
      async idsOf(userId) {
        const { rows } = await pool.query<{ server_id: string }>('SELECT server_id FROM memberships WHERE user_id = $1', [userId]);
        return rows.map((row) => row.server_id);
      },
      async membersAmong(serverId, userIds) {
        if (userIds.length === 0) return [];
        const { rows } = await pool.query<{ user_id: string }>(
          'SELECT user_id FROM memberships WHERE server_id = $1 AND user_id = ANY($2::text[])',
          [serverId, userIds],
        );
        return rows.map((row) => row.user_id);
      },
      async visibility(id) {
        const { rows } = await pool.query<{ visibility: Visibility }>('SELECT visibility FROM servers WHERE id = $1', [id]);
        return rows[0]?.visibility;
      },
      async count() {
        const { rows } = await pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM servers');
        return rows[0]?.n ?? 0;
      },
    },
    channels: {
      async get(id) {
        const { rows } = await pool.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = $1`, [id]);
        return rows[0] && toChannel(rows[0]);
      },
      async create(input) {
        // The unique (server_id, name) constraint decides between two processes creating the same name.
        const { rows } = await pool.query<ChannelRow>(INSERT_CHANNEL, [
          input.id ?? newId('c'),
          input.serverId,
          input.name,
          input.topic,
          input.slowModeSeconds ?? 0,
        ]);
        return rows[0] ? { created: toChannel(rows[0]) } : { conflict: 'name' as const };
      },
      ...moderation.channels,
    },
    invites: moderation.invites,
    audit: moderation.audit,
    search: createPostgresSearch(pool),
    attachments: createPostgresAttachments(pool),
    messages: {
      append(message) {
        if (closed) return Promise.reject(new Error('storage is closed'));
        return appends.submit(message);
      },
      async page(channelId, query: PageQuery, viewerId) {
        const line =
          query.thread === undefined
            ? { key: channelId, newest: MESSAGE_QUERIES.newest, before: MESSAGE_QUERIES.before, after: MESSAGE_QUERIES.after }
            : {
                key: query.thread,
                newest: MESSAGE_QUERIES.threadNewest,
                before: MESSAGE_QUERIES.threadBefore,
                after: MESSAGE_QUERIES.threadAfter,
              };
        // One row more than asked tells whether another page exists.
        const probe = query.limit + 1;
        if (query.around !== undefined) {
          const older = (await pool.query<MessageRow>(line.before, [line.key, query.around, probe])).rows;
          const newer = (await pool.query<MessageRow>(line.after, [line.key, query.around - 1, probe])).rows;
          const split = splitAround(query.limit, older.length, newer.length);
          return {
            messages: await readMessages(pool, [...older.slice(0, split.older).reverse(), ...newer.slice(0, split.newer)], viewerId),
            hasMore: older.length > split.older,
            hasNewer: newer.length > split.newer,
          };
        }
        if (query.after !== undefined) {
          const { rows } = await pool.query<MessageRow>(line.after, [line.key, query.after, probe]);
          return { messages: await readMessages(pool, rows.slice(0, query.limit), viewerId), hasMore: rows.length > query.limit };
        }
        const { rows } =
          query.before !== undefined
            ? await pool.query<MessageRow>(line.before, [line.key, query.before, probe])
            : await pool.query<MessageRow>(line.newest, [line.key, probe]);
        return { messages: await readMessages(pool, rows.slice(0, query.limit).reverse(), viewerId), hasMore: rows.length > query.limit };
      },
      async lastSeq(channelId) {
        const { rows } = await pool.query<{ last_seq: number }>('SELECT last_seq FROM channels WHERE id = $1', [channelId]);
        return rows[0]?.last_seq ?? 0;
      },
      async lastPostAt(channelId, userId) {
        const { rows } = await pool.query<{ created_at: Date | null }>(
          'SELECT max(created_at) AS created_at FROM messages WHERE channel_id = $1 AND author_id = $2',
          [channelId, userId],
        );
        return rows[0]?.created_at?.toISOString() ?? null;
      },
      async byClientId(authorId, clientId) {
        const { rows } = await pool.query<MessageRow>(MESSAGE_QUERIES.byAuthorClient, [authorId, clientId]);
        return (await readMessages(pool, rows, authorId))[0];
      },
      async get(channelId, messageId, viewerId) {
        const { rows } = await pool.query<MessageRow>(MESSAGE_QUERIES.byId, [messageId, channelId]);
        return (await readMessages(pool, rows, viewerId))[0];
      },
      async change(input, viewerId) {
        return track(() => changeMessage(pool, input, viewerId));
      },
      async react(input) {
        return track(() => reactToMessage(pool, input));
      },
      async changesAfter(channelId, afterSeq, limit, viewerId) {
        const probed = (await pool.query<MessageRow>(MESSAGE_QUERIES.changesAfter, [channelId, afterSeq, limit + 1])).rows;
        const rows = probed.slice(0, limit);
        const missing = missingRootIds(rows.map(toMessage));
        const rootRows =
          missing.length > 0
            ? (await pool.query<MessageRow>(MESSAGE_QUERIES.byIds, [missing])).rows.filter((row) => row.channel_id === channelId)
            : [];
        const messages = await readMessages(pool, [...rows, ...rootRows], viewerId);
        return {
          messages: withThreadRoots(messages.slice(0, rows.length), messages.slice(rows.length), afterSeq),
          hasMore: probed.length > limit,
        };
      },
      async reactors(channelId, messageId, emoji, limit) {
        const found = await pool.query<{ deleted: boolean }>('SELECT deleted FROM messages WHERE id = $1 AND channel_id = $2', [
          messageId,
          channelId,
        ]);
        if (!found.rows[0] || found.rows[0].deleted) return undefined;
        const { rows } = await pool.query<{ id: string; name: string; avatar_url: string | null; total: number }>(
          `SELECT u.id, u.name, u.avatar_url, (count(*) OVER ())::integer AS total
           FROM reactions r JOIN users u ON u.id = r.user_id
           WHERE r.message_id = $1 AND r.emoji = $2 ORDER BY r.added_seq LIMIT $3`,
          [messageId, emoji, limit],
        );
        return { users: rows.map((user) => ({ id: user.id, name: user.name, avatarUrl: user.avatar_url })), count: rows[0]?.total ?? 0 };
      },
    },
    readStates: {
      async list(userId) {
        const { rows } = await pool.query<ReadStateRow>(LIST_READ_STATES, [userId]);
        return rows.map(toReadState);
      },
      async get(userId, channelId, atLeast) {
        const { rows } = await pool.query<ReadStateRow>(GET_READ_STATE, [userId, channelId, atLeast]);
        return rows[0] && toReadState(rows[0]);
      },
      async raise(marks) {
        if (marks.length === 0) return;
        await pool.query(RAISE_READ_STATES, [
          marks.map((mark) => mark.userId),
          marks.map((mark) => mark.channelId),
          marks.map((mark) => mark.seq),
        ]);
      },
    },
    async close() {
      if (closed) return;
      closed = true;
      await appends.drained();
      await Promise.allSettled([...changes]);
      await pool.end();
    },
  };
}
