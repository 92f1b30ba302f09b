// Who may do what in a server, as plain data: the server enforces it on every request and frame;
// clients read it only to offer what the user's role allows.

/** A member's role in a server, highest first. */
export type RoleName = 'owner' | 'admin' | 'moderator' | 'member';

/** How many roles a role outranks: owner 3, admin 2, moderator 1, member 0. */
export const ROLE_RANK: Readonly<Record<RoleName, number>> = { owner: 3, admin: 2, moderator: 1, member: 0 };

/**
 * The lowest role each action needs. Actions on another member (`deleteOthersMessages` aside) also
 * need a role above the target's; see {@link canActOn}.
 */
export const REQUIRED_ROLE = {
  /** Edit the server's name, description, category, visibility, icon and banner. */
  manageServer: 'admin',
  /** Create, rename, reorder and delete channels; set topics and slow mode. */
  manageChannels: 'admin',
  /** Create, list and revoke invites. */
  manageInvites: 'admin',
  /** Read the audit log. */
  viewAuditLog: 'admin',
  /** Ban and unban. */
  ban: 'admin',
  /** Change roles (an admin up to moderator, the owner up to admin). */
  changeRoles: 'admin',
  /** Delete anyone's message. */
  deleteOthersMessages: 'moderator',
  /** Time out and kick. */
  moderateMembers: 'moderator',
  /** Post without waiting for a channel's slow mode. */
  bypassSlowMode: 'moderator',
} as const satisfies Record<string, RoleName>;

/** An action {@link REQUIRED_ROLE} names. */
export type Permission = keyof typeof REQUIRED_ROLE;

/** Whether a member of `role` may take `action` at all (no role: not a member, never). */
export function can(role: RoleName | null | undefined, action: Permission): boolean {
  return role != null && ROLE_RANK[role] >= ROLE_RANK[REQUIRED_ROLE[action]];
}

/**
 * Whether `actor` may take `action` on a member of role `target`: the action must be allowed and
 * the target must rank below the actor (no one acts on the owner, an equal or a superior).
 */
export function canActOn(actor: RoleName | null | undefined, action: Permission, target: RoleName): boolean {
  return can(actor, action) && ROLE_RANK[actor as RoleName] > ROLE_RANK[target];
}

/**
 * Whether `actor` may give a member of role `target` the role `next`: both must rank below the
 * actor (the owner names admins; an admin names moderators and members), and nobody becomes owner.
 */
export function canAssignRole(actor: RoleName | null | undefined, target: RoleName, next: RoleName): boolean {
  return canActOn(actor, 'changeRoles', target) && next !== 'owner' && ROLE_RANK[actor as RoleName] > ROLE_RANK[next];
}
