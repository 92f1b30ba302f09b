import { canActOn, canAssignRole } from '@hearth/sdk/protocol';
import type { Ban, Member, Role, User } from '../domain/types.js';
import type { Storage } from '../storage/types.js';
import type { AuditLog } from './audit-log.js';
import { ChatError, ErrorCode } from './chat-error.js';
import type { CommunityEvents } from './community-events.js';
import { removal } from './community-service.js';
import { optionalReason, requireInteger } from './input-rules.js';
import type { ServerAccess } from './server-access.js';

/** The longest time-out, in seconds: 28 days. */
export const MAX_TIMEOUT_SECONDS = 2_419_200;

/** A change to a member as a moderator asks for it: a new role, a time-out (0 lifts it), or both, and why. */
export interface MemberUpdateInput {
  role?: unknown;
  timeoutSeconds?: unknown;
  reason?: unknown;
}

const ASSIGNABLE = new Set<unknown>(['admin', 'moderator', 'member']);

/**
 * Roles, time-outs, kicks and bans, by the permission table of the protocol: moderators time out
 * and kick, admins ban and name moderators, the owner names admins; nobody acts on the owner, on
 * themselves, or on a member of an equal or higher role. Each action is audited, and the member and
 * the server's other members hear of it live.
 */
export class ModerationService {
  constructor(
    private readonly storage: Storage,
    private readonly access: ServerAccess,
    private readonly audit: AuditLog,
    private readonly events: CommunityEvents,
    /** The current time; tests may move it. */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Gives a member a new role, times them out (`timeoutSeconds` from now; 0 lifts it), or both.
   * Resolves with the member as they are now (`online` among the ids `online` resolves with).
   */
  async updateMember(
    actor: User,
    serverId: string,
    userId: string,
    input: MemberUpdateInput,
    online: () => Promise<readonly string[]> = async () => [],
  ): Promise<Member> {
    if (input.role === undefined && input.timeoutSeconds === undefined) {
      throw new ChatError(ErrorCode.invalidInput, 'give a role, a timeoutSeconds or both', { field: 'body' });
    }
    if (input.role !== undefined && !ASSIGNABLE.has(input.role)) {
      throw new ChatError(ErrorCode.invalidInput, 'role must be admin, moderator or member', { field: 'role' });
    }
    const role = input.role as Exclude<Role, 'owner'> | undefined;
    const seconds = input.timeoutSeconds === undefined ? undefined : requireInteger(input.timeoutSeconds, 'timeoutSeconds', 0, MAX_TIMEOUT_SECONDS);
    const reason = optionalReason(input.reason);
    const permission = role !== undefined ? 'changeRoles' : 'moderateMembers';
    const { role: actorRole } = await this.access.require(actor, serverId, permission);
    if (seconds !== undefined && role !== undefined) await this.access.require(actor, serverId, 'moderateMembers');
    const target = await this.requireMember(serverId, userId);
    if (userId === actor.id) throw new ChatError(ErrorCode.forbidden, 'you cannot change your own role or time yourself out');
    if (role !== undefined && !canAssignRole(actorRole, target.role, role)) {
      throw new ChatError(ErrorCode.forbidden, `your role may not make a ${target.role} ${role === 'admin' ? 'an' : 'a'} ${role}`);
    }
    if (seconds !== undefined && !canActOn(actorRole, 'moderateMembers', target.role)) throw outranked(target.role);

    let member = target;
    if (role !== undefined && role !== target.role) {
      if (!(await this.storage.servers.setRole(serverId, userId, role))) throw notAMember(userId);
      member = { ...member, role };
      await this.audit.record({
        actor,
        serverId,
        action: 'member_role',
        target: userTarget(member.user),
        reason,
        details: { role, previous: target.role },
      });
      this.events.memberChanged(serverId, { user: member.user, role, mutedUntil: member.mutedUntil, change: 'role' });
    }
    if (seconds !== undefined) {
      const until = seconds === 0 ? null : new Date(this.now() + seconds * 1000).toISOString();
      if (!(await this.storage.servers.setMutedUntil(serverId, userId, until))) throw notAMember(userId);
      member = { ...member, mutedUntil: until };
      await this.audit.record({
        actor,
        serverId,
        action: 'member_timeout',
        target: userTarget(member.user),
        reason,
        details: { seconds, until },
      });
      this.events.memberChanged(serverId, { user: member.user, role: member.role, mutedUntil: until, change: 'timeout' });
    }
    return { ...member, online: (await online()).includes(userId) };
  }

  /** Removes a member of a lower role (moderators and up); they may join again. */
  async kick(actor: User, serverId: string, userId: string, reasonInput?: unknown): Promise<void> {
    const reason = optionalReason(reasonInput);
    const { role: actorRole } = await this.access.require(actor, serverId, 'moderateMembers');
    const target = await this.requireMember(serverId, userId);
    if (userId === actor.id) throw new ChatError(ErrorCode.forbidden, 'you cannot kick yourself; leave the server instead');
    if (!canActOn(actorRole, 'moderateMembers', target.role)) throw outranked(target.role);
    if (!(await this.storage.servers.leave(serverId, userId))) throw notAMember(userId);
    await this.audit.record({ actor, serverId, action: 'member_kick', target: userTarget(target.user), reason });
    this.events.memberChanged(serverId, removal(target.user, 'kicked'));
  }

  /**
   * Bans a user (admins and up): a member of a lower role, or a user who is no member (yet). Their
   * membership ends; they cannot join again, use an invite, or read the server until unbanned.
   */
  async ban(actor: User, serverId: string, userId: string, reasonInput?: unknown): Promise<Ban> {
    const reason = optionalReason(reasonInput);
    const { server, role: actorRole } = await this.access.require(actor, serverId, 'ban');
    if (userId === actor.id) throw new ChatError(ErrorCode.forbidden, 'you cannot ban yourself');
    if (userId === server.ownerId) throw outranked('owner');
    const targetRole = await this.storage.servers.roleOf(serverId, userId);
    if (targetRole && !canActOn(actorRole, 'ban', targetRole)) throw outranked(targetRole);
    const ban = await this.storage.servers.ban({ serverId, userId, byId: actor.id, reason });
    await this.audit.record({
      actor,
      serverId,
      action: 'member_ban',
      target: userTarget(ban.user),
      reason,
      details: { wasMember: targetRole !== undefined },
    });
    // A banned reader of a public server loses its channels too, member or not.
    this.events.memberChanged(serverId, removal(ban.user, 'banned'));
    return ban;
  }

  /** Lifts a ban (admins and up); `not_found` when the user is not banned. */
  async unban(actor: User, serverId: string, userId: string): Promise<void> {
    await this.access.require(actor, serverId, 'ban');
    const ban = await this.storage.servers.banOf(serverId, userId);
    if (!ban || !(await this.storage.servers.unban(serverId, userId))) {
      throw new ChatError(ErrorCode.notFound, `user ${userId} is not banned from this server`);
    }
    await this.audit.record({ actor, serverId, action: 'member_unban', target: userTarget(ban.user) });
  }

  /** The server's bans, newest first (admins and up). */
  async bans(actor: User, serverId: string): Promise<Ban[]> {
    await this.access.require(actor, serverId, 'ban');
    return this.storage.servers.bans(serverId);
  }

  private async requireMember(serverId: string, userId: string): Promise<Member> {
    const member = await this.access.member(serverId, userId);
    if (!member) throw notAMember(userId);
    return member;
  }
}

const userTarget = (user: User) => ({ kind: 'user' as const, id: user.id, label: user.name });

function notAMember(userId: string): ChatError {
  return new ChatError(ErrorCode.notFound, `user ${userId} is not a member of this server`);
}

function outranked(role: Role): ChatError {
  return role === 'owner'
    ? new ChatError(ErrorCode.forbidden, "nobody may act on the server's owner")
    : new ChatError(ErrorCode.forbidden, `your role may not act on a ${role}; only on roles below yours`);
}

