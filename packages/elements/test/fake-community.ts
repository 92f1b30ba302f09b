import type { Channel, Server, User } from '@hearth/sdk';

/** A member's role in a server, highest first. */
export type FakeRole = 'owner' | 'admin' | 'moderator' | 'member';

/** A ban as `GET /api/servers/{id}/bans` lists it. */
export interface FakeBan {
  serverId: string;
  user: User;
  by: User;
  reason: string | null;
  createdAt: string;
}

/** An invite as `GET /api/servers/{id}/invites` lists it. */
export interface FakeInvite {
  code: string;
  serverId: string;
  createdBy: User;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
}

/** One line of the audit log. */
export interface FakeAuditEntry {
  id: number;
  serverId: string;
  actor: User;
  action: string;
  target: { kind: string; id: string; label: string } | null;
  details: Record<string, string | number | boolean | null>;
  reason: string | null;
  createdAt: string;
}

type Json = (body: unknown, status?: number) => Response;
type ProblemOf = (status: number, code: string, field?: string) => Response;

/** What the community routes need of the fake server they belong to. */
export interface CommunityHost {
  readonly user: User;
  readonly servers: Server[];
  readonly members: Set<string>;
  readonly memberList: User[];
  readonly messages: Map<string, unknown[]>;
  /** Sends a frame to every open socket. */
  broadcast(frame: { type: string; [key: string]: unknown }): void;
  /** Ends the user's subscriptions to the server's channels with `unsubscribed {reason}`. */
  cutOff(serverId: string, reason: string): void;
}

const RANK: Record<FakeRole, number> = { owner: 3, admin: 2, moderator: 1, member: 0 };
const REQUIRED = {
  manageServer: 'admin',
  manageChannels: 'admin',
  manageInvites: 'admin',
  viewAuditLog: 'admin',
  ban: 'admin',
  changeRoles: 'admin',
  moderateMembers: 'moderator',
} as const satisfies Record<string, FakeRole>;

/**
 * The fake's side of community management: roles, time-outs, bans, invites, the audit log, slow
 * mode, and the REST routes of the settings (as openapi.yaml describes them), with the frames
 * (`server_update`, `member_update`, `unsubscribed {reason}`) the real server sends.
 */
export class FakeCommunity {
  /** Roles by `serverId:userId` (owners come from the server; anyone else is a member). */
  readonly roles = new Map<string, FakeRole>();
  /** Time-outs by `serverId:userId`. */
  readonly mutedUntil = new Map<string, string>();
  readonly bans: FakeBan[] = [];
  readonly invites: FakeInvite[] = [];
  readonly audit: FakeAuditEntry[] = [];
  /** The sends refused by a time-out or slow mode, in order. */
  readonly refusals: Array<{ channelId: string; code: string; retryAfterMs?: number }> = [];
  /** When the user last posted in each channel (slow mode). */
  readonly lastSends = new Map<string, number>();
  private nextAuditId = 1;
  private nextCode = 1;

  constructor(private readonly host: CommunityHost) {}

  /** A user's role in a server, or undefined when they do not belong to it. */
  roleOf(serverId: string, userId: string): FakeRole | undefined {
    const server = this.host.servers.find((candidate) => candidate.id === serverId);
    if (server?.ownerId === userId) return 'owner';
    const explicit = this.roles.get(`${serverId}:${userId}`);
    if (explicit) return explicit;
    if (userId === this.host.user.id) return this.host.members.has(`${serverId}:${userId}`) ? 'member' : undefined;
    return this.host.memberList.some((user) => user.id === userId) ? 'member' : undefined;
  }

  /** The user's memberships, as `ready.memberships` carries them. */
  memberships(): Array<{ serverId: string; userId: string; role: FakeRole; mutedUntil: string | null }> {
    const me = this.host.user.id;
    return this.host.servers
      .filter((server) => this.host.members.has(`${server.id}:${me}`))
      .map((server) => ({
        serverId: server.id,
        userId: me,
        role: this.roleOf(server.id, me) ?? 'member',
        mutedUntil: this.mutedUntil.get(`${server.id}:${me}`) ?? null,
      }));
  }

  /** Gives a user a role (as the owner would) and tells every socket. */
  setRole(serverId: string, user: User, role: FakeRole): void {
    this.roles.set(`${serverId}:${user.id}`, role);
    this.memberUpdate(serverId, user, 'role');
  }

  /** Times a user out until `until` (null lifts it) and tells every socket. */
  setMuted(serverId: string, user: User, until: string | null): void {
    if (until) this.mutedUntil.set(`${serverId}:${user.id}`, until);
    else this.mutedUntil.delete(`${serverId}:${user.id}`);
    this.memberUpdate(serverId, user, 'timeout');
  }

  /** Takes the fake's user out of a server (`kicked`, `banned`, `left`), as the real server does. */
  remove(serverId: string, change: 'kicked' | 'banned' | 'left'): void {
    const me = this.host.user;
    this.host.members.delete(`${serverId}:${me.id}`);
    this.roles.delete(`${serverId}:${me.id}`);
    const server = this.host.servers.find((candidate) => candidate.id === serverId);
    if (server) server.memberCount = Math.max(0, server.memberCount - 1);
    this.host.broadcast({ type: 'member_update', serverId, user: me, role: null, mutedUntil: null, change });
    this.host.cutOff(serverId, change);
  }

  /** Sends a server's new state to every socket. */
  serverUpdate(server: Server): void {
    this.host.broadcast({ type: 'server_update', server });
  }

  private memberUpdate(serverId: string, user: User, change: string): void {
    this.host.broadcast({
      type: 'member_update',
      serverId,
      user,
      role: this.roleOf(serverId, user.id) ?? null,
      mutedUntil: this.mutedUntil.get(`${serverId}:${user.id}`) ?? null,
      change,
    });
  }

  /**
   * Whether the user's send to `channelId` is refused now: `timed_out` while timed out, or
   * `rate_limited` with how long to wait while the channel's slow mode holds. Records the send otherwise.
   */
  refuseSend(channelId: string): { code: string; retryAfterMs?: number } | undefined {
    const server = this.host.servers.find((candidate) => candidate.channels.some((channel) => channel.id === channelId));
    const channel = server?.channels.find((candidate) => candidate.id === channelId);
    if (!server || !channel) return undefined;
    const me = this.host.user.id;
    const muted = this.mutedUntil.get(`${server.id}:${me}`);
    const refuse = (refusal: { code: string; retryAfterMs: number }) => (this.refusals.push({ channelId, ...refusal }), refusal);
    if (muted && Date.parse(muted) > Date.now()) return refuse({ code: 'timed_out', retryAfterMs: Date.parse(muted) - Date.now() });
    const slow = (channel.slowModeSeconds ?? 0) * 1000;
    const exempt = RANK[this.roleOf(server.id, me) ?? 'member'] >= RANK.moderator;
    const last = this.lastSends.get(channelId);
    if (slow > 0 && !exempt && last !== undefined && Date.now() - last < slow) {
      return refuse({ code: 'rate_limited', retryAfterMs: slow - (Date.now() - last) });
    }
    this.lastSends.set(channelId, Date.now());
    return undefined;
  }

  private log(
    serverId: string,
    action: string,
    target: FakeAuditEntry['target'],
    details: FakeAuditEntry['details'],
    reason?: string | null,
  ) {
    this.audit.unshift({
      id: this.nextAuditId++,
      serverId,
      actor: this.host.user,
      action,
      target,
      details,
      reason: reason ?? null,
      createdAt: new Date().toISOString(),
    });
  }

  private userById(id: string): User {
    return (
      this.host.memberList.find((user) => user.id === id) ?? (id === this.host.user.id ? this.host.user : { id, name: id, avatarUrl: null })
    );
  }

  /** Answers a community route, or returns undefined for any other request. */
  route(method: string, url: URL, body: unknown, json: Json, problem: ProblemOf): Response | undefined {
    const path = url.pathname;
    const me = this.host.user;
    let match: RegExpMatchArray | null;
    if ((match = path.match(/^\/api\/invites\/([^/]+)$/))) return this.inviteRoute(method, match[1] ?? '', json, problem);
    if (path === '/api/servers' && method === 'POST') {
      const input = body as { name: string; description?: string; categoryId: string; visibility?: 'public' | 'private' };
      if (!input.name?.trim()) return problem(400, 'invalid_input', 'name');
      const id = `s_new${this.host.servers.length}`;
      const channelId = `c_${id.slice(2)}_general`;
      const server: Server = {
        id,
        name: input.name.trim(),
        description: input.description ?? '',
        iconUrl: null,
        bannerUrl: null,
        categoryId: input.categoryId,
        ownerId: me.id,
        visibility: input.visibility ?? 'public',
        memberCount: 1,
        channels: [{ id: channelId, serverId: id, name: 'general', topic: '', position: 0, slowModeSeconds: 0 }],
      };
      this.host.servers.push(server);
      this.host.members.add(`${id}:${me.id}`);
      this.host.messages.set(channelId, []);
      return json(server, 201);
    }
    const channelMatch = path.match(/^\/api\/channels\/([^/]+)$/);
    if (channelMatch && (method === 'PATCH' || method === 'DELETE'))
      return this.channelRoute(method, channelMatch[1] ?? '', body, json, problem);
    if (!(match = path.match(/^\/api\/servers\/([^/]+)(\/.*)?$/))) return undefined;
    const serverId = match[1] ?? '';
    const rest = match[2] ?? '';
    const server = this.host.servers.find((candidate) => candidate.id === serverId);
    if (!server) return undefined;
    const role = this.roleOf(serverId, me.id);
    const allowed = (action: keyof typeof REQUIRED) => role !== undefined && RANK[role] >= RANK[REQUIRED[action]];
    const update = () => {
      this.serverUpdate(server);
      return json(server);
    };
    if (rest === '' && method === 'PATCH') {
      if (!allowed('manageServer')) return problem(403, 'forbidden');
      Object.assign(server, body);
      this.log(serverId, 'server_update', null, body as FakeAuditEntry['details']);
      return update();
    }
    if ((rest === '/icon' || rest === '/banner') && method === 'PUT') {
      if (!allowed('manageServer')) return problem(403, 'forbidden');
      if (rest === '/icon') server.iconUrl = `/media/icon-${serverId}-${this.nextAuditId}.png`;
      else server.bannerUrl = `/media/banner-${serverId}-${this.nextAuditId}.png`;
      this.log(serverId, rest === '/icon' ? 'server_icon' : 'server_banner', null, {});
      return update();
    }
    if (rest === '/channels' && method === 'POST') {
      if (!allowed('manageChannels')) return problem(403, 'forbidden');
      const input = body as { name: string; topic?: string };
      const name = input.name.trim().toLowerCase();
      if (!/^[a-z0-9_-]{1,32}$/.test(name)) return problem(400, 'invalid_input', 'name');
      if (server.channels.some((channel) => channel.name === name)) return problem(409, 'conflict', 'name');
      const channel: Channel = {
        id: `c_${serverId.slice(2)}_${name}`,
        serverId,
        name,
        topic: input.topic ?? '',
        position: server.channels.length,
        slowModeSeconds: 0,
      };
      server.channels.push(channel);
      this.host.messages.set(channel.id, []);
      this.log(serverId, 'channel_create', { kind: 'channel', id: channel.id, label: name }, {});
      this.serverUpdate(server);
      return json(channel, 201);
    }
    if (rest === '/channels/order' && method === 'PUT') {
      if (!allowed('manageChannels')) return problem(403, 'forbidden');
      const { channelIds } = body as { channelIds: string[] };
      channelIds.forEach((id, position) => {
        const channel = server.channels.find((candidate) => candidate.id === id);
        if (channel) channel.position = position;
      });
      server.channels.sort((a, b) => a.position - b.position);
      this.log(serverId, 'channel_reorder', null, {});
      this.serverUpdate(server);
      return json(server.channels);
    }
    if (rest === '/members/me' && method === 'DELETE') {
      if (role === 'owner') return problem(409, 'conflict');
      this.remove(serverId, 'left');
      return new Response(null, { status: 204 });
    }
    const memberMatch = rest.match(/^\/members\/([^/]+)$/);
    if (memberMatch && (method === 'PATCH' || method === 'DELETE')) {
      const target = this.userById(memberMatch[1] ?? '');
      const targetRole = this.roleOf(serverId, target.id) ?? 'member';
      const input = (body ?? {}) as { role?: FakeRole; timeoutSeconds?: number; reason?: string };
      const reason = method === 'DELETE' ? url.searchParams.get('reason') : input.reason;
      const outranks = role !== undefined && RANK[role] > RANK[targetRole];
      if (method === 'DELETE' || input.timeoutSeconds !== undefined) {
        if (!allowed('moderateMembers') || !outranks) return problem(403, 'forbidden');
      }
      if (input.role !== undefined && (!allowed('changeRoles') || !outranks || RANK[role ?? 'member'] <= RANK[input.role])) {
        return problem(403, 'forbidden');
      }
      const targetRef = { kind: 'user', id: target.id, label: target.name };
      if (method === 'DELETE') {
        this.dropMember(serverId, target, 'kicked');
        this.log(serverId, 'member_kick', targetRef, {}, reason);
        return new Response(null, { status: 204 });
      }
      if (input.role !== undefined) {
        this.roles.set(`${serverId}:${target.id}`, input.role);
        this.log(serverId, 'member_role', targetRef, { role: input.role }, reason);
        this.memberUpdate(serverId, target, 'role');
      }
      if (input.timeoutSeconds !== undefined) {
        const until = input.timeoutSeconds > 0 ? new Date(Date.now() + input.timeoutSeconds * 1000).toISOString() : null;
        if (until) this.mutedUntil.set(`${serverId}:${target.id}`, until);
        else this.mutedUntil.delete(`${serverId}:${target.id}`);
        this.log(serverId, 'member_timeout', targetRef, { seconds: input.timeoutSeconds }, reason);
        this.memberUpdate(serverId, target, 'timeout');
      }
      return json({
        user: target,
        role: this.roleOf(serverId, target.id) ?? 'member',
        online: false,
        mutedUntil: this.mutedUntil.get(`${serverId}:${target.id}`) ?? null,
      });
    }
    if (rest === '/bans' && method === 'GET')
      return allowed('ban') ? json(this.bans.filter((ban) => ban.serverId === serverId)) : problem(403, 'forbidden');
    const banMatch = rest.match(/^\/bans\/([^/]+)$/);
    if (banMatch) {
      if (!allowed('ban')) return problem(403, 'forbidden');
      const target = this.userById(banMatch[1] ?? '');
      const index = this.bans.findIndex((ban) => ban.serverId === serverId && ban.user.id === target.id);
      const targetRef = { kind: 'user', id: target.id, label: target.name };
      if (method === 'DELETE') {
        if (index < 0) return problem(404, 'not_found');
        this.bans.splice(index, 1);
        this.log(serverId, 'member_unban', targetRef, {});
        return new Response(null, { status: 204 });
      }
      const targetRole = this.roleOf(serverId, target.id) ?? 'member';
      if (role === undefined || RANK[role] <= RANK[targetRole]) return problem(403, 'forbidden');
      const reason = (body as { reason?: string } | undefined)?.reason ?? null;
      const ban: FakeBan = { serverId, user: target, by: me, reason, createdAt: new Date().toISOString() };
      this.bans.unshift(ban);
      this.dropMember(serverId, target, 'banned');
      this.log(serverId, 'member_ban', targetRef, {}, reason);
      return json(ban);
    }
    if (rest === '/invites') {
      if (!allowed('manageInvites')) return problem(403, 'forbidden');
      if (method === 'GET') return json(this.invites.filter((invite) => invite.serverId === serverId));
      const input = (body ?? {}) as { maxAgeSeconds?: number; maxUses?: number };
      const invite: FakeInvite = {
        code: `code${this.nextCode++}`,
        serverId,
        createdBy: me,
        createdAt: new Date().toISOString(),
        expiresAt: input.maxAgeSeconds ? new Date(Date.now() + input.maxAgeSeconds * 1000).toISOString() : null,
        maxUses: input.maxUses ?? null,
        uses: 0,
      };
      this.invites.unshift(invite);
      this.log(serverId, 'invite_create', { kind: 'invite', id: invite.code, label: invite.code }, {});
      return json(invite, 201);
    }
    const inviteMatch = rest.match(/^\/invites\/([^/]+)$/);
    if (inviteMatch && method === 'DELETE') {
      if (!allowed('manageInvites')) return problem(403, 'forbidden');
      const index = this.invites.findIndex((invite) => invite.code === inviteMatch[1]);
      if (index < 0) return problem(404, 'unknown_invite');
      this.invites.splice(index, 1);
      this.log(serverId, 'invite_revoke', { kind: 'invite', id: inviteMatch[1] ?? '', label: inviteMatch[1] ?? '' }, {});
      return new Response(null, { status: 204 });
    }
    if (rest === '/audit-log' && method === 'GET') {
      if (!allowed('viewAuditLog')) return problem(403, 'forbidden');
      const before = Number(url.searchParams.get('before') ?? Infinity);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const older = this.audit.filter((entry) => entry.serverId === serverId && entry.id < before);
      return json({ entries: older.slice(0, limit), hasMore: older.length > limit });
    }
    return undefined;
  }

  /** A member other than the fake's user leaves the server's member list (kicked or banned). */
  private dropMember(serverId: string, target: User, change: 'kicked' | 'banned'): void {
    if (target.id === this.host.user.id) return this.remove(serverId, change);
    const index = this.host.memberList.findIndex((user) => user.id === target.id);
    if (index >= 0) this.host.memberList.splice(index, 1);
    this.roles.delete(`${serverId}:${target.id}`);
    this.host.broadcast({ type: 'member_update', serverId, user: target, role: null, mutedUntil: null, change });
  }

  private channelRoute(method: string, channelId: string, body: unknown, json: Json, problem: ProblemOf): Response {
    const server = this.host.servers.find((candidate) => candidate.channels.some((channel) => channel.id === channelId));
    const channel = server?.channels.find((candidate) => candidate.id === channelId);
    if (!server || !channel) return problem(404, 'unknown_channel');
    const role = this.roleOf(server.id, this.host.user.id);
    if (role === undefined || RANK[role] < RANK.admin) return problem(403, 'forbidden');
    const targetRef = { kind: 'channel', id: channel.id, label: channel.name };
    if (method === 'DELETE') {
      server.channels.splice(server.channels.indexOf(channel), 1);
      server.channels.forEach((remaining, position) => (remaining.position = position));
      this.log(server.id, 'channel_delete', targetRef, {});
      this.serverUpdate(server);
      return new Response(null, { status: 204 });
    }
    const patch = body as { name?: string; topic?: string; slowModeSeconds?: number };
    if (patch.name !== undefined) {
      const name = patch.name.trim().toLowerCase();
      if (server.channels.some((other) => other !== channel && other.name === name)) return problem(409, 'conflict', 'name');
      patch.name = name;
    }
    Object.assign(channel, patch);
    this.log(server.id, 'channel_update', targetRef, patch);
    this.serverUpdate(server);
    return json(channel);
  }

  private inviteRoute(method: string, code: string, json: Json, problem: ProblemOf): Response {
    const invite = this.invites.find((candidate) => candidate.code === code);
    if (!invite) return problem(404, 'unknown_invite');
    const expired =
      (invite.expiresAt !== null && Date.parse(invite.expiresAt) <= Date.now()) ||
      (invite.maxUses !== null && invite.uses >= invite.maxUses);
    if (expired) return problem(410, 'invite_expired');
    const server = this.host.servers.find((candidate) => candidate.id === invite.serverId) as Server;
    const me = this.host.user.id;
    if (method === 'GET') {
      const { id, name, description, iconUrl, bannerUrl, memberCount, visibility } = server;
      return json({ code, expiresAt: invite.expiresAt, server: { id, name, description, iconUrl, bannerUrl, memberCount, visibility } });
    }
    if (this.bans.some((ban) => ban.serverId === server.id && ban.user.id === me)) return problem(403, 'banned');
    const already = this.host.members.has(`${server.id}:${me}`);
    if (!already) {
      invite.uses++;
      server.memberCount++;
      this.host.members.add(`${server.id}:${me}`);
    }
    return json({ serverId: server.id, userId: me, role: 'member', mutedUntil: null }, already ? 200 : 201);
  }
}
