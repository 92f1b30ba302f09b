import type { AuditEntry, AuditTarget, Ban, Invite, Membership, Role, User } from '../domain/types.js';

/** A timestamp as an engine returns it: ISO text from SQLite, a Date from PostgreSQL. */
export type StoredTime = string | Date;

const iso = (time: StoredTime): string => (typeof time === 'string' ? time : time.toISOString());
const isoOrNull = (time: StoredTime | null): string | null => (time === null ? null : iso(time));

const user = (id: string, name: string, avatarUrl: string | null): User => ({ id, name, avatarUrl });

/** A `memberships` row's role and time-out. */
export interface MembershipRow {
  server_id: string;
  user_id: string;
  role: Role;
  muted_until: StoredTime | null;
}

/** A membership row as the domain sees it. */
export const toMembership = (row: MembershipRow): Membership => ({
  serverId: row.server_id,
  userId: row.user_id,
  role: row.role,
  mutedUntil: isoOrNull(row.muted_until),
});

/** A `bans` row joined to the banned user and the one who banned them. */
export interface BanRow {
  server_id: string;
  user_id: string;
  user_name: string;
  user_avatar_url: string | null;
  by_id: string;
  by_name: string;
  by_avatar_url: string | null;
  reason: string | null;
  created_at: StoredTime;
}

/** The columns of a {@link BanRow}, from `bans b` joined to `users u` (banned) and `users bu` (by). */
export const BAN_COLUMNS = `b.server_id, b.user_id, u.name AS user_name, u.avatar_url AS user_avatar_url,
  b.by_id, bu.name AS by_name, bu.avatar_url AS by_avatar_url, b.reason, b.created_at`;
/** The tables {@link BAN_COLUMNS} read. */
export const BAN_TABLES = 'bans b JOIN users u ON u.id = b.user_id JOIN users bu ON bu.id = b.by_id';

/** A ban row as the domain sees it. */
export const toBan = (row: BanRow): Ban => ({
  serverId: row.server_id,
  user: user(row.user_id, row.user_name, row.user_avatar_url),
  by: user(row.by_id, row.by_name, row.by_avatar_url),
  reason: row.reason,
  createdAt: iso(row.created_at),
});

/** An `invites` row joined to its creator. */
export interface InviteRow {
  code: string;
  server_id: string;
  created_by_id: string;
  created_by_name: string;
  created_by_avatar_url: string | null;
  created_at: StoredTime;
  expires_at: StoredTime | null;
  max_uses: number | null;
  uses: number;
}

/** The columns of an {@link InviteRow}, from `invites i` joined to `users u` (its creator). */
export const INVITE_COLUMNS = `i.code, i.server_id, i.created_by_id, u.name AS created_by_name,
  u.avatar_url AS created_by_avatar_url, i.created_at, i.expires_at, i.max_uses, i.uses`;
/** The tables {@link INVITE_COLUMNS} read. */
export const INVITE_TABLES = 'invites i JOIN users u ON u.id = i.created_by_id';

/** An invite row as the domain sees it. */
export const toInvite = (row: InviteRow): Invite => ({
  code: row.code,
  serverId: row.server_id,
  createdBy: user(row.created_by_id, row.created_by_name, row.created_by_avatar_url),
  createdAt: iso(row.created_at),
  expiresAt: isoOrNull(row.expires_at),
  maxUses: row.max_uses,
  uses: row.uses,
});

/** Why an invite no longer lets anyone in at `now`: past its expiry, or used as often as it allows. */
export const inviteSpent = (row: Pick<InviteRow, 'expires_at' | 'max_uses' | 'uses'>, now: Date): boolean =>
  (row.expires_at !== null && new Date(row.expires_at).getTime() <= now.getTime()) || (row.max_uses !== null && row.uses >= row.max_uses);

/** An `audit_log` row joined to its actor. */
export interface AuditRow {
  /** A bigint: PostgreSQL hands it over as text. */
  id: number | string;
  server_id: string;
  actor_id: string;
  actor_name: string;
  actor_avatar_url: string | null;
  action: AuditEntry['action'];
  target_kind: AuditTarget['kind'] | null;
  target_id: string | null;
  target_label: string | null;
  reason: string | null;
  /** JSON text from SQLite, the parsed object from PostgreSQL's jsonb. */
  details: string | AuditEntry['details'];
  created_at: StoredTime;
}

/** The columns of an {@link AuditRow}, from `audit_log a` joined to `users u` (the actor). */
export const AUDIT_COLUMNS = `a.id, a.server_id, a.actor_id, u.name AS actor_name, u.avatar_url AS actor_avatar_url, a.action,
  a.target_kind, a.target_id, a.target_label, a.reason, a.details, a.created_at`;
/** The tables {@link AUDIT_COLUMNS} read. */
export const AUDIT_TABLES = 'audit_log a JOIN users u ON u.id = a.actor_id';

/** An audit row as the domain sees it. */
export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: Number(row.id),
  serverId: row.server_id,
  actor: user(row.actor_id, row.actor_name, row.actor_avatar_url),
  action: row.action,
  target:
    row.target_kind === null || row.target_id === null ? null : { kind: row.target_kind, id: row.target_id, label: row.target_label ?? '' },
  reason: row.reason,
  details: typeof row.details === 'string' ? (JSON.parse(row.details) as AuditEntry['details']) : row.details,
  createdAt: iso(row.created_at),
});
