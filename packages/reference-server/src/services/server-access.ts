import { type Permission, can } from '@hearth/sdk/protocol';
import type { Channel, Member, Role, Server, User } from '../domain/types.js';
import type { Storage } from '../storage/types.js';
import { ChatError, ErrorCode } from './chat-error.js';

/** What each permission lets a role do, as a refusal names it. */
const DOING: Record<Permission, string> = {
  manageServer: 'manage this server',
  manageChannels: "manage this server's channels",
  manageInvites: "manage this server's invites",
  viewAuditLog: "read this server's audit log",
  ban: 'ban or unban users here',
  changeRoles: 'change roles here',
  deleteOthersMessages: "delete others' messages here",
  moderateMembers: 'time out or kick members here',
  bypassSlowMode: 'skip slow mode here',
};

/** A server as a member acting in it sees it, with their role (undefined for a non-member of a public server). */
export interface ServerStanding {
  server: Server;
  role: Role | undefined;
}

/**
 * Who may see a server and act in it, by the permission table of the protocol (`@hearth/sdk/protocol`):
 * a private server does not exist for non-members (`unknown_server`, `unknown_channel`), and a role
 * too low for an action is `forbidden`.
 */
export class ServerAccess {
  constructor(private readonly storage: Storage) {}

  /** The server and the viewer's role in it, if they may see it; `unknown_server` otherwise. */
  async standing(viewer: User, serverId: string): Promise<ServerStanding> {
    const server = await this.storage.servers.get(serverId);
    if (!server) throw unknownServer(serverId);
    const role = await this.storage.servers.roleOf(serverId, viewer.id);
    if (server.visibility === 'private' && !role) throw unknownServer(serverId);
    return { server, role };
  }

  /** The server, if `user` may take `permission` in it: `forbidden` when their role is too low, `unknown_server` when they cannot see it. */
  async require(user: User, serverId: string, permission: Permission): Promise<ServerStanding & { role: Role }> {
    const standing = await this.standing(user, serverId);
    if (!can(standing.role, permission)) throw forbidden(permission);
    return standing as ServerStanding & { role: Role };
  }

  /** The channel and its server, if `user` may take `permission` there; `unknown_channel` when they cannot see it. */
  async requireInChannel(
    user: User,
    channelId: string,
    permission: Permission,
  ): Promise<ServerStanding & { role: Role; channel: Channel }> {
    const channel = await this.storage.channels.get(channelId);
    if (!channel) throw unknownChannel(channelId);
    try {
      return { ...(await this.require(user, channel.serverId, permission)), channel };
    } catch (error) {
      if (error instanceof ChatError && error.code === ErrorCode.unknownServer) throw unknownChannel(channelId);
      throw error;
    }
  }

  /**
   * A member of the server as a listing shows them, or undefined when the user is no member;
   * `online` names the members online on any process.
   */
  async member(serverId: string, userId: string, online: readonly string[] = []): Promise<Member | undefined> {
    return this.storage.servers.member(serverId, userId, online);
  }
}

/** The refusal of an action the user's role does not allow. */
export function forbidden(permission: Permission): ChatError {
  return new ChatError(ErrorCode.forbidden, `your role may not ${DOING[permission]}`);
}

/** The refusal of a server that does not exist, or that the user may not see. */
export function unknownServer(serverId: string): ChatError {
  return new ChatError(ErrorCode.unknownServer, `no server with id ${serverId}`);
}

/** The refusal of a channel that does not exist, or that the user may not see. */
export function unknownChannel(channelId: string): ChatError {
  return new ChatError(ErrorCode.unknownChannel, `no channel with id ${channelId}`);
}
