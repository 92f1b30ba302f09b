import { randomInt } from 'node:crypto';
import type { Invite, Membership, Server, User } from '../domain/types.js';
import type { Storage } from '../storage/types.js';
import type { AuditLog } from './audit-log.js';
import { ChatError, ErrorCode } from './chat-error.js';
import type { CommunityEvents } from './community-events.js';
import type { JoinResult } from './community-service.js';
import { requireInteger } from './input-rules.js';
import type { ServerAccess } from './server-access.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE_LENGTH = 10;
/** The codes this server makes, and any code it could ever have made. */
const CODE = /^[A-Za-z0-9]{1,32}$/;

/** The shortest and longest life of an invite, in seconds: a minute to 30 days. */
export const INVITE_MAX_AGE = { min: 60, max: 2_592_000 } as const;
/** The fewest and most uses an invite may allow. */
export const INVITE_MAX_USES = { min: 1, max: 1000 } as const;

/** How long an invite works and how often, as an admin asks for it. */
export interface NewInviteInput {
  maxAgeSeconds?: unknown;
  maxUses?: unknown;
}

/** An invite and the server it leads to, as someone who is not a member sees it. */
export interface InvitePreview {
  code: string;
  expiresAt: string | null;
  server: Pick<Server, 'id' | 'name' | 'description' | 'iconUrl' | 'bannerUrl' | 'visibility' | 'memberCount'>;
}

/**
 * Invites: codes of 10 random base-62 characters (about 59 bits, from the system's CSPRNG) that let
 * whoever has one join a server, public or private, until it expires, is used up or revoked.
 * Admins make, list and revoke them; anyone signed in previews and uses one; a banned user cannot.
 */
export class InviteService {
  constructor(
    private readonly storage: Storage,
    private readonly access: ServerAccess,
    private readonly audit: AuditLog,
    private readonly events: CommunityEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server's invites, expired and used-up ones too, newest first (admins and up). */
  async list(actor: User, serverId: string): Promise<Invite[]> {
    await this.access.require(actor, serverId, 'manageInvites');
    return this.storage.invites.list(serverId);
  }

  /** A new invite (admins and up): never expiring and unlimited unless `maxAgeSeconds` and `maxUses` say otherwise. */
  async create(actor: User, serverId: string, input: NewInviteInput): Promise<Invite> {
    const maxAge = input.maxAgeSeconds === undefined ? null : requireInteger(input.maxAgeSeconds, 'maxAgeSeconds', INVITE_MAX_AGE.min, INVITE_MAX_AGE.max);
    const maxUses = input.maxUses === undefined ? null : requireInteger(input.maxUses, 'maxUses', INVITE_MAX_USES.min, INVITE_MAX_USES.max);
    await this.access.require(actor, serverId, 'manageInvites');
    const invite = await this.storage.invites.create({
      code: newCode(),
      serverId,
      createdById: actor.id,
      expiresAt: maxAge === null ? null : new Date(this.now() + maxAge * 1000).toISOString(),
      maxUses,
    });
    await this.audit.record({
      actor,
      serverId,
      action: 'invite_create',
      target: { kind: 'invite', id: invite.code, label: invite.code },
      details: { maxAgeSeconds: maxAge, maxUses },
    });
    return invite;
  }

  /** Revokes an invite of the server (admins and up): it is `unknown_invite` from then on. */
  async revoke(actor: User, serverId: string, code: string): Promise<void> {
    await this.access.require(actor, serverId, 'manageInvites');
    if (!CODE.test(code) || !(await this.storage.invites.revoke(serverId, code))) throw unknownInvite(code);
    await this.audit.record({ actor, serverId, action: 'invite_revoke', target: { kind: 'invite', id: code, label: code } });
  }

  /** What a working invite leads to, private servers included, for anyone signed in with the code. */
  async preview(_user: User, code: string): Promise<InvitePreview> {
    const invite = await this.usable(code);
    const server = await this.storage.servers.get(invite.serverId);
    if (!server) throw unknownInvite(code);
    const { id, name, description, iconUrl, bannerUrl, visibility, memberCount } = server;
    return { code: invite.code, expiresAt: invite.expiresAt, server: { id, name, description, iconUrl, bannerUrl, visibility, memberCount } };
  }

  /**
   * Joins the invite's server: `banned` for a user banned from it, `unknown_invite` for an unknown
   * or revoked code, `invite_expired` for an expired or used-up one. A member already uses nothing.
   */
  async accept(user: User, code: string): Promise<JoinResult> {
    if (!CODE.test(code)) throw unknownInvite(code);
    const result = await this.storage.invites.use(code, user, new Date(this.now()));
    if ('refused' in result) {
      if (result.refused === 'banned') throw new ChatError(ErrorCode.banned, 'you are banned from the server of this invite');
      if (result.refused === 'invite_expired') throw inviteExpired();
      throw unknownInvite(code);
    }
    const membership: Membership = result.joined;
    if (result.created) {
      this.events.memberChanged(result.serverId, { user, role: membership.role, mutedUntil: membership.mutedUntil, change: 'joined' });
    }
    return { membership, created: result.created };
  }

  private async usable(code: string): Promise<Invite> {
    const invite = CODE.test(code) ? await this.storage.invites.get(code) : undefined;
    if (!invite) throw unknownInvite(code);
    const expired = invite.expiresAt !== null && Date.parse(invite.expiresAt) <= this.now();
    if (expired || (invite.maxUses !== null && invite.uses >= invite.maxUses)) throw inviteExpired();
    return invite;
  }
}

/** A fresh code: {@link CODE_LENGTH} characters drawn uniformly from base 62. */
function newCode(): string {
  let code = '';
  for (let index = 0; index < CODE_LENGTH; index++) code += BASE62[randomInt(BASE62.length)];
  return code;
}

function unknownInvite(code: string): ChatError {
  return new ChatError(ErrorCode.unknownInvite, `no invite with code ${code}`);
}

function inviteExpired(): ChatError {
  return new ChatError(ErrorCode.inviteExpired, 'this invite expired or was used as many times as it allows');
}
