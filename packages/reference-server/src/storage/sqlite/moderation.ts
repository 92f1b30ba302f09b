import type Database from 'better-sqlite3';
import type { Ban, Channel, Membership, Role, User } from '../../domain/types.js';
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
import type { ChannelPatch, CreateResult, InviteUse, ServerPatch, Storage } from '../types.js';

/** The parts of {@link Storage} that manage and moderate a community, on SQLite. */
export interface SqliteModeration {
  servers: Pick<Storage['servers'], 'membership' | 'membershipsOf' | 'setRole' | 'setMutedUntil' | 'ban' | 'unban' | 'banOf' | 'bans'>;
  /** Changes the fields of a server given; false for an unknown server. */
  updateServer(id: string, patch: ServerPatch): boolean;
  channels: Pick<Storage['channels'], 'update' | 'delete' | 'reorder'>;
  invites: Storage['invites'];
  audit: Storage['audit'];
}

const placeholder = () => '?';

/**
 * Roles, time-outs, bans, invites, the audit log and the channel list's changes, on the SQLite
 * database of {@link createSqliteStorage}. Each write is one transaction run at once: better-sqlite3
 * is synchronous, so it commits between two group-commit batches of appends, never inside one.
 */
export function createSqliteModeration(db: Database.Database, upsertUser: (user: User) => void): SqliteModeration {
  const statements = {
    membership: db.prepare<[string, string], MembershipRow>(
      'SELECT server_id, user_id, role, muted_until FROM memberships WHERE server_id = ? AND user_id = ?',
    ),
    membershipsOf: db.prepare<[string], MembershipRow>('SELECT server_id, user_id, role, muted_until FROM memberships WHERE user_id = ?'),
    setRole: db.prepare<[Role, string, string]>('UPDATE memberships SET role = ? WHERE server_id = ? AND user_id = ?'),
    setMutedUntil: db.prepare<[string | null, string, string]>(
      'UPDATE memberships SET muted_until = ? WHERE server_id = ? AND user_id = ?',
    ),
    insertMember: db.prepare<[string, string, string]>(
      `INSERT INTO memberships (server_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)
       ON CONFLICT (server_id, user_id) DO NOTHING`,
    ),
    deleteMember: db.prepare<[string, string]>('DELETE FROM memberships WHERE server_id = ? AND user_id = ?'),
    insertUserIfAbsent: db.prepare<[string, string]>('INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING'),
    upsertBan: db.prepare<[string, string, string, string | null, string]>(
      `INSERT INTO bans (server_id, user_id, by_id, reason, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (server_id, user_id) DO UPDATE SET by_id = excluded.by_id, reason = excluded.reason`,
    ),
    deleteBan: db.prepare<[string, string]>('DELETE FROM bans WHERE server_id = ? AND user_id = ?'),
    banOf: db.prepare<[string, string], BanRow>(`SELECT ${BAN_COLUMNS} FROM ${BAN_TABLES} WHERE b.server_id = ? AND b.user_id = ?`),
    bans: db.prepare<[string], BanRow>(
      `SELECT ${BAN_COLUMNS} FROM ${BAN_TABLES} WHERE b.server_id = ? ORDER BY b.created_at DESC, b.user_id`,
    ),
    channel: db.prepare<[string], ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = ?`),
    channelsOf: db.prepare<[string], ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE server_id = ? ORDER BY position, id`),
    otherChannelNamed: db.prepare<[string, string, string], { id: string }>(
      'SELECT id FROM channels WHERE server_id = ? AND name = ? AND id <> ?',
    ),
    deleteChannelMentions: db.prepare<[string]>('DELETE FROM mentions WHERE message_id IN (SELECT id FROM messages WHERE channel_id = ?)'),
    deleteChannelReactions: db.prepare<[string]>(
      'DELETE FROM reactions WHERE message_id IN (SELECT id FROM messages WHERE channel_id = ?)',
    ),
    deleteChannelAttachments: db.prepare<[string]>('DELETE FROM attachments WHERE channel_id = ?'),
    deleteChannelMessages: db.prepare<[string]>('DELETE FROM messages WHERE channel_id = ?'),
    deleteChannelReadStates: db.prepare<[string]>('DELETE FROM read_states WHERE channel_id = ?'),
    deleteChannel: db.prepare<[string]>('DELETE FROM channels WHERE id = ?'),
    renumberChannels: db.prepare<[string]>(
      `UPDATE channels SET position = ordered.position
       FROM (SELECT id, row_number() OVER (ORDER BY position, id) - 1 AS position FROM channels WHERE server_id = ?) AS ordered
       WHERE channels.id = ordered.id AND channels.position <> ordered.position`,
    ),
    setPosition: db.prepare<[number, string, string]>('UPDATE channels SET position = ? WHERE id = ? AND server_id = ?'),
    insertInvite: db.prepare<[string, string, string, string, string | null, number | null]>(
      `INSERT INTO invites (code, server_id, created_by_id, created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    invite: db.prepare<[string], InviteRow>(`SELECT ${INVITE_COLUMNS} FROM ${INVITE_TABLES} WHERE i.code = ?`),
    invites: db.prepare<[string], InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM ${INVITE_TABLES} WHERE i.server_id = ? ORDER BY i.created_at DESC, i.code`,
    ),
    deleteInvite: db.prepare<[string, string]>('DELETE FROM invites WHERE server_id = ? AND code = ?'),
    useInvite: db.prepare<[string]>('UPDATE invites SET uses = uses + 1 WHERE code = ?'),
    insertAudit: db.prepare<
      [string, string, string, string | null, string | null, string | null, string | null, string, string],
      { id: number }
    >(
      `INSERT INTO audit_log (server_id, actor_id, action, target_kind, target_id, target_label, reason, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    auditEntry: db.prepare<[number], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_TABLES} WHERE a.id = ?`),
    auditNewest: db.prepare<[string, number], AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_TABLES} WHERE a.server_id = ? ORDER BY a.id DESC LIMIT ?`,
    ),
    auditBefore: db.prepare<[string, number, number], AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_TABLES} WHERE a.server_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?`,
    ),
  };

  const membershipOf = (serverId: string, userId: string): Membership | undefined => {
    const row = statements.membership.get(serverId, userId);
    return row && toMembership(row);
  };

  const ban = db.transaction((serverId: string, userId: string, byId: string, reason: string | null): Ban => {
    // A ban by id may name someone Hearth has not seen yet: recorded under their id, as addMember does.
    statements.insertUserIfAbsent.run(userId, userId);
    statements.deleteMember.run(serverId, userId);
    statements.upsertBan.run(serverId, userId, byId, reason, new Date().toISOString());
    const row = statements.banOf.get(serverId, userId);
    if (!row) throw new Error(`ban of ${userId} in ${serverId} vanished after insert`);
    return toBan(row);
  });

  const updateChannel = db.transaction((id: string, patch: ChannelPatch): CreateResult<Channel> | undefined => {
    const current = statements.channel.get(id);
    if (!current) return undefined;
    if (patch.name !== undefined && statements.otherChannelNamed.get(current.server_id, patch.name, id)) return { conflict: 'name' };
    const { set, values } = patchAssignments(patch, CHANNEL_PATCH_COLUMNS, placeholder);
    if (set !== '') db.prepare(`UPDATE channels SET ${set} WHERE id = ?`).run(...values, id);
    return { created: toChannel(statements.channel.get(id) as ChannelRow) };
  });

  const deleteChannel = db.transaction((id: string): boolean => {
    const current = statements.channel.get(id);
    if (!current) return false;
    // Children first, each one statement over an index: a message's mentions and reactions, the
    // files' rows (sent or pending; their bytes are the caller's), the messages (thread replies
    // and roots together), the read states, then the channel.
    statements.deleteChannelMentions.run(id);
    statements.deleteChannelReactions.run(id);
    statements.deleteChannelAttachments.run(id);
    statements.deleteChannelMessages.run(id);
    statements.deleteChannelReadStates.run(id);
    statements.deleteChannel.run(id);
    statements.renumberChannels.run(current.server_id);
    return true;
  });

  const reorder = db.transaction((serverId: string, channelIds: readonly string[]): Channel[] => {
    channelIds.forEach((channelId, position) => statements.setPosition.run(position, channelId, serverId));
    return statements.channelsOf.all(serverId).map(toChannel);
  });

  const useInvite = db.transaction((code: string, user: User, now: Date): InviteUse => {
    const invite = statements.invite.get(code);
    if (!invite) return { refused: 'unknown_invite' };
    const serverId = invite.server_id;
    // A member following the link again is answered with their membership, whatever the invite's state.
    const member = membershipOf(serverId, user.id);
    if (member) return { joined: member, created: false, serverId };
    if (inviteSpent(invite, now)) return { refused: 'invite_expired' };
    if (statements.banOf.get(serverId, user.id)) return { refused: 'banned' };
    upsertUser(user);
    const created = statements.insertMember.run(serverId, user.id, now.toISOString()).changes > 0;
    if (created) statements.useInvite.run(code);
    return { joined: membershipOf(serverId, user.id) as Membership, created, serverId };
  });

  return {
    updateServer(id, patch) {
      const { set, values } = patchAssignments(patch, SERVER_PATCH_COLUMNS, placeholder);
      if (set === '') return db.prepare('SELECT 1 FROM servers WHERE id = ?').get(id) !== undefined;
      return db.prepare(`UPDATE servers SET ${set} WHERE id = ?`).run(...values, id).changes > 0;
    },
    servers: {
      async membership(serverId, userId) {
        return membershipOf(serverId, userId);
      },
      async membershipsOf(userId) {
        return statements.membershipsOf.all(userId).map(toMembership);
      },
      async setRole(serverId, userId, role) {
        return statements.setRole.run(role, serverId, userId).changes > 0;
      },
      async setMutedUntil(serverId, userId, until) {
        return statements.setMutedUntil.run(until, serverId, userId).changes > 0;
      },
      async ban(input) {
        return ban.immediate(input.serverId, input.userId, input.byId, input.reason);
      },
      async unban(serverId, userId) {
        return statements.deleteBan.run(serverId, userId).changes > 0;
      },
      async banOf(serverId, userId) {
        const row = statements.banOf.get(serverId, userId);
        return row && toBan(row);
      },
      async bans(serverId) {
        return statements.bans.all(serverId).map(toBan);
      },
    },
    channels: {
      async update(id, patch) {
        return updateChannel.immediate(id, patch);
      },
      async delete(id) {
        return deleteChannel.immediate(id);
      },
      async reorder(serverId, channelIds) {
        return reorder.immediate(serverId, channelIds);
      },
    },
    invites: {
      async create(input) {
        const createdAt = new Date().toISOString();
        statements.insertInvite.run(input.code, input.serverId, input.createdById, createdAt, input.expiresAt, input.maxUses);
        return toInvite(statements.invite.get(input.code) as InviteRow);
      },
      async get(code) {
        const row = statements.invite.get(code);
        return row && toInvite(row);
      },
      async list(serverId) {
        return statements.invites.all(serverId).map(toInvite);
      },
      async revoke(serverId, code) {
        return statements.deleteInvite.run(serverId, code).changes > 0;
      },
      async use(code, user, now) {
        // IMMEDIATE: the write lock is taken before the invite is read, so no other connection uses it in between.
        return useInvite.immediate(code, user, now);
      },
    },
    audit: {
      async append(entry) {
        const inserted = statements.insertAudit.get(
          entry.serverId,
          entry.actorId,
          entry.action,
          entry.target?.kind ?? null,
          entry.target?.id ?? null,
          entry.target?.label ?? null,
          entry.reason,
          JSON.stringify(entry.details),
          new Date().toISOString(),
        );
        if (!inserted) throw new Error('audit entry vanished after insert');
        return toAuditEntry(statements.auditEntry.get(inserted.id) as AuditRow);
      },
      async page(serverId, query) {
        const probe = query.limit + 1;
        const rows =
          query.before === undefined
            ? statements.auditNewest.all(serverId, probe)
            : statements.auditBefore.all(serverId, query.before, probe);
        return { entries: rows.slice(0, query.limit).map(toAuditEntry), hasMore: rows.length > query.limit };
      },
    },
  };
}
