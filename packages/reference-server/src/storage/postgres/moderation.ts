import type { DatabaseError, Pool, PoolClient } from 'pg';
import type { Channel, Role, User } from '../../domain/types.js';
import {
  AUDIT_COLUMNS,
  AUDIT_TABLES,
  type AuditRow,
  BAN_COLUMNS,
  BAN_TABLES,
  type BanRow,
  INVITE_COLUMNS,
  INVITE_TABLES,
  type InviteRow,
  type MembershipRow,
  inviteSpent,
  toAuditEntry,
  toBan,
  toInvite,
  toMembership,
} from '../moderation-rows.js';
import { CHANNEL_PATCH_COLUMNS, SERVER_PATCH_COLUMNS, patchAssignments } from '../patch-columns.js';
import { CHANNEL_COLUMNS, type ChannelRow, toChannel } from '../rows.js';
import type { ServerPatch, Storage } from '../types.js';
import { inTransaction } from './transaction.js';

/** The parts of {@link Storage} that manage and moderate a community, on PostgreSQL. */
export interface PostgresModeration {
  servers: Pick<Storage['servers'], 'membership' | 'membershipsOf' | 'setRole' | 'setMutedUntil' | 'ban' | 'unban' | 'banOf' | 'bans'>;
  /** Changes the fields of a server given; false for an unknown server. */
  updateServer(id: string, patch: ServerPatch): Promise<boolean>;
  channels: Pick<Storage['channels'], 'update' | 'delete' | 'reorder'>;
  invites: Storage['invites'];
  audit: Storage['audit'];
}

/** `$1` is the id of the row changed; the values follow from `$2`. */
const placeholder = (index: number) => `$${index + 2}`;

const MEMBERSHIP_COLUMNS = 'server_id, user_id, role, muted_until';

/** How often a channel change is tried again after PostgreSQL broke a deadlock by aborting it. */
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in a transaction, again when PostgreSQL aborted it to break a deadlock or a
 * serialization conflict. Deleting a channel locks it before its messages, while a send locks a
 * thread root before its channel: the two may meet in a deadlock, which one more try resolves.
 */
async function retried<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, work);
    } catch (error) {
      const { code } = error as Partial<DatabaseError>;
      if (attempt >= MAX_ATTEMPTS || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

/**
 * Locks the server's channel list for a change of its order: the server row (`NO KEY UPDATE`, so
 * joins and new channels, which only reference it, go on), then its channels by id, the order a
 * batch of sends locks them in.
 */
async function lockChannelsOf(client: PoolClient, serverId: string): Promise<void> {
  await client.query('SELECT id FROM servers WHERE id = $1 FOR NO KEY UPDATE', [serverId]);
  await client.query('SELECT id FROM channels WHERE server_id = $1 ORDER BY id FOR NO KEY UPDATE', [serverId]);
}

/**
 * Roles, time-outs, bans, invites, the audit log and the channel list's changes, on the
 * PostgreSQL pool of {@link createPostgresStorage}; each write is one transaction.
 */
export function createPostgresModeration(
  pool: Pool,
  upsertUser: (client: Pool | PoolClient, user: User) => Promise<unknown>,
  /** Wraps a write so that closing the storage waits for it. */
  track: <T>(work: () => Promise<T>) => Promise<T>,
): PostgresModeration {
  const membership = async (client: Pool | PoolClient, serverId: string, userId: string) => {
    const { rows } = await client.query<MembershipRow>(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships WHERE server_id = $1 AND user_id = $2`,
      [serverId, userId],
    );
    return rows[0] && toMembership(rows[0]);
  };
  const banOf = async (client: Pool | PoolClient, serverId: string, userId: string) => {
    const { rows } = await client.query<BanRow>(`SELECT ${BAN_COLUMNS} FROM ${BAN_TABLES} WHERE b.server_id = $1 AND b.user_id = $2`, [
      serverId,
      userId,
    ]);
    return rows[0] && toBan(rows[0]);
  };
  const channelsOf = async (client: Pool | PoolClient, serverId: string): Promise<Channel[]> => {
    const { rows } = await client.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE server_id = $1 ORDER BY position, id`, [
      serverId,
    ]);
    return rows.map(toChannel);
  };
  const changed = (result: { rowCount: number | null }) => (result.rowCount ?? 0) > 0;

  return {
    async updateServer(id, patch) {
      const { set, values } = patchAssignments(patch, SERVER_PATCH_COLUMNS, placeholder);
      if (set === '') return changed(await pool.query('SELECT 1 FROM servers WHERE id = $1', [id]));
      return track(async () => changed(await pool.query(`UPDATE servers SET ${set} WHERE id = $1`, [id, ...values])));
    },
    servers: {
      async membership(serverId, userId) {
        return membership(pool, serverId, userId);
      },
      async membershipsOf(userId) {
        const { rows } = await pool.query<MembershipRow>(`SELECT ${MEMBERSHIP_COLUMNS} FROM memberships WHERE user_id = $1`, [userId]);
        return rows.map(toMembership);
      },
      async setRole(serverId, userId, role: Exclude<Role, 'owner'>) {
        return changed(
          await pool.query('UPDATE memberships SET role = $3 WHERE server_id = $1 AND user_id = $2', [serverId, userId, role]),
        );
      },
      async setMutedUntil(serverId, userId, until) {
        return changed(
          await pool.query('UPDATE memberships SET muted_until = $3 WHERE server_id = $1 AND user_id = $2', [serverId, userId, until]),
        );
      },
      async ban(input) {
        return track(() =>
          inTransaction(pool, async (client) => {
            // A ban by id may name someone Hearth has not seen yet: recorded under their id, as addMember does.
            await client.query('INSERT INTO users (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [input.userId]);
            await client.query('DELETE FROM memberships WHERE server_id = $1 AND user_id = $2', [input.serverId, input.userId]);
            await client.query(
              `INSERT INTO bans (server_id, user_id, by_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (server_id, user_id) DO UPDATE SET by_id = excluded.by_id, reason = excluded.reason`,
              [input.serverId, input.userId, input.byId, input.reason, new Date().toISOString()],
            );
            const ban = await banOf(client, input.serverId, input.userId);
            if (!ban) throw new Error(`ban of ${input.userId} in ${input.serverId} vanished after insert`);
            return ban;
          }),
        );
      },
      async unban(serverId, userId) {
        return changed(await pool.query('DELETE FROM bans WHERE server_id = $1 AND user_id = $2', [serverId, userId]));
      },
      async banOf(serverId, userId) {
        return banOf(pool, serverId, userId);
      },
      async bans(serverId) {
        const { rows } = await pool.query<BanRow>(
          `SELECT ${BAN_COLUMNS} FROM ${BAN_TABLES} WHERE b.server_id = $1 ORDER BY b.created_at DESC, b.user_id`,
          [serverId],
        );
        return rows.map(toBan);
      },
    },
    channels: {
      async update(id, patch) {
        const { set, values } = patchAssignments(patch, CHANNEL_PATCH_COLUMNS, placeholder);
        try {
          const { rows } = await track(() =>
            set === ''
              ? pool.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = $1`, [id])
              : pool.query<ChannelRow>(`UPDATE channels SET ${set} WHERE id = $1 RETURNING ${CHANNEL_COLUMNS}`, [id, ...values]),
          );
          return rows[0] && { created: toChannel(rows[0]) };
        } catch (error) {
          // The unique (server_id, name) constraint decides, also against another process renaming at once.
          const { code, constraint } = error as Partial<DatabaseError>;
          if (code === '23505' && constraint === 'channels_name_in_server') return { conflict: 'name' as const };
          throw error;
        }
      },
      async delete(id) {
        return track(() =>
          retried(pool, async (client) => {
            const found = await client.query<{ server_id: string }>('SELECT server_id FROM channels WHERE id = $1', [id]);
            const serverId = found.rows[0]?.server_id;
            if (serverId === undefined) return false;
            // Locked first, the channel takes no more messages while its messages go.
            await lockChannelsOf(client, serverId);
            await client.query('DELETE FROM mentions WHERE message_id IN (SELECT id FROM messages WHERE channel_id = $1)', [id]);
            await client.query('DELETE FROM reactions WHERE message_id IN (SELECT id FROM messages WHERE channel_id = $1)', [id]);
            await client.query('DELETE FROM attachments WHERE channel_id = $1', [id]);
            await client.query('DELETE FROM messages WHERE channel_id = $1', [id]);
            await client.query('DELETE FROM read_states WHERE channel_id = $1', [id]);
            const deleted = await client.query('DELETE FROM channels WHERE id = $1', [id]);
            if (!changed(deleted)) return false;
            await client.query(
              `UPDATE channels c SET position = ordered.position
               FROM (SELECT id, (row_number() OVER (ORDER BY position, id) - 1)::integer AS position FROM channels WHERE server_id = $1) ordered
               WHERE c.id = ordered.id AND c.position <> ordered.position`,
              [serverId],
            );
            return true;
          }),
        );
      },
      async reorder(serverId, channelIds) {
        return track(() =>
          retried(pool, async (client) => {
            await lockChannelsOf(client, serverId);
            await client.query(
              `UPDATE channels c SET position = (wanted.n - 1)::integer
               FROM unnest($2::text[]) WITH ORDINALITY AS wanted (id, n)
               WHERE c.id = wanted.id AND c.server_id = $1`,
              [serverId, channelIds],
            );
            return channelsOf(client, serverId);
          }),
        );
      },
    },
    invites: {
      async create(input) {
        await track(() =>
          pool.query(
            `INSERT INTO invites (code, server_id, created_by_id, created_at, expires_at, max_uses) VALUES ($1, $2, $3, $4, $5, $6)`,
            [input.code, input.serverId, input.createdById, new Date().toISOString(), input.expiresAt, input.maxUses],
          ),
        );
        const { rows } = await pool.query<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM ${INVITE_TABLES} WHERE i.code = $1`, [input.code]);
        return toInvite(rows[0] as InviteRow);
      },
      async get(code) {
        const { rows } = await pool.query<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM ${INVITE_TABLES} WHERE i.code = $1`, [code]);
        return rows[0] && toInvite(rows[0]);
      },
      async list(serverId) {
        const { rows } = await pool.query<InviteRow>(
          `SELECT ${INVITE_COLUMNS} FROM ${INVITE_TABLES} WHERE i.server_id = $1 ORDER BY i.created_at DESC, i.code`,
          [serverId],
        );
        return rows.map(toInvite);
      },
      async revoke(serverId, code) {
        return changed(await track(() => pool.query('DELETE FROM invites WHERE server_id = $1 AND code = $2', [serverId, code])));
      },
      async use(code, user, now) {
        return track(() =>
          inTransaction(pool, async (client) => {
            // The row lock makes uses of one invite, in any process, one after another: the second
            // use of a single-use invite reads the count the first one left.
            const { rows } = await client.query<Pick<InviteRow, 'server_id' | 'expires_at' | 'max_uses' | 'uses'>>(
              'SELECT server_id, expires_at, max_uses, uses FROM invites WHERE code = $1 FOR UPDATE',
              [code],
            );
            const invite = rows[0];
            if (!invite) return { refused: 'unknown_invite' as const };
            const serverId = invite.server_id;
            // A member following the link again is answered with their membership, whatever the invite's state.
            const member = await membership(client, serverId, user.id);
            if (member) return { joined: member, created: false, serverId };
            if (inviteSpent(invite, now)) return { refused: 'invite_expired' as const };
            if (await banOf(client, serverId, user.id)) return { refused: 'banned' as const };
            await upsertUser(client, user);
            const inserted = await client.query(
              `INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)
               ON CONFLICT (server_id, user_id) DO NOTHING`,
              [serverId, user.id, now.toISOString()],
            );
            const created = changed(inserted);
            if (created) await client.query('UPDATE invites SET uses = uses + 1 WHERE code = $1', [code]);
            const joined = await membership(client, serverId, user.id);
            if (!joined) throw new Error(`membership of ${user.id} in ${serverId} vanished after insert`);
            return { joined, created, serverId };
          }),
        );
      },
    },
    audit: {
      async append(entry) {
        const { rows } = await track(() =>
          pool.query<AuditRow>(
            `WITH inserted AS (
               INSERT INTO audit_log (server_id, actor_id, action, target_kind, target_id, target_label, reason, details, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *
             )
             SELECT ${AUDIT_COLUMNS} FROM inserted a JOIN users u ON u.id = a.actor_id`,
            [
              entry.serverId,
              entry.actorId,
              entry.action,
              entry.target?.kind ?? null,
              entry.target?.id ?? null,
              entry.target?.label ?? null,
              entry.reason,
              JSON.stringify(entry.details),
              new Date().toISOString(),
            ],
          ),
        );
        return toAuditEntry(rows[0] as AuditRow);
      },
      async page(serverId, query) {
        const probe = query.limit + 1;
        const { rows } =
          query.before === undefined
            ? await pool.query<AuditRow>(
                `SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_TABLES} WHERE a.server_id = $1 ORDER BY a.id DESC LIMIT $2`,
                [serverId, probe],
              )
            : await pool.query<AuditRow>(
                `SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_TABLES} WHERE a.server_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3`,
                [serverId, query.before, probe],
              );
        return { entries: rows.slice(0, query.limit).map(toAuditEntry), hasMore: rows.length > query.limit };
      },
    },
  };
}
