import type { BlobStore } from '../blobs/blob-store.js';
import { discardBlobs } from '../blobs/discard-blobs.js';
import type { MemberChange } from '../domain/channel-event.js';
import type { Category, Channel, Membership, Server, User, Visibility } from '../domain/types.js';
import type { MemberPage, ServerPatch, Storage } from '../storage/types.js';
import type { AuditDetails, AuditLog } from './audit-log.js';
import { ChatError, ErrorCode } from './chat-error.js';
import type { CommunityEvents } from './community-events.js';
import { channelName, channelTopic, requireText, slowModeSeconds } from './input-rules.js';
import { type ServerAccess, unknownChannel, unknownServer } from './server-access.js';

/** The largest `limit` a server listing honours. */
export const MAX_SERVER_LIMIT = 100;

/** The largest `limit` a member listing honours, and the one it uses when none is given. */
export const MAX_MEMBER_LIMIT = 100;
const DEFAULT_MEMBER_LIMIT = 20;

/** A new server as a user asks for it. */
export interface NewServerInput {
  name: string;
  description?: string | undefined;
  categoryId: string;
  visibility?: Visibility | undefined;
}

/** A new channel as a server's admin asks for it. */
export interface NewChannelInput {
  name: string;
  topic?: string | undefined;
}

/** The fields of a server an admin changes; those left out stay. */
export interface ServerUpdateInput {
  name?: unknown;
  description?: unknown;
  categoryId?: unknown;
  visibility?: unknown;
}

/** The fields of a channel an admin changes; those left out stay. */
export interface ChannelUpdateInput {
  name?: unknown;
  topic?: unknown;
  slowModeSeconds?: unknown;
}

/** A membership that was made, or found: `created` false when the user was a member already. */
export interface JoinResult {
  membership: Membership;
  created: boolean;
}

/**
 * The rules of categories, servers, channels and membership: what a user may see and change.
 * Private servers do not exist for non-members (`unknown_server`), so their ids leak nothing.
 * Managing a server and its channels takes an admin (see `@hearth/sdk/protocol`'s permissions);
 * each change is audited and its members hear of it live.
 */
export class CommunityService {
  constructor(
    private readonly storage: Storage,
    private readonly access: ServerAccess,
    private readonly audit: AuditLog,
    private readonly events: CommunityEvents,
    /** Where the bytes of files are, deleted with their channel. */
    private readonly blobs?: BlobStore,
  ) {}

  listCategories(): Promise<Category[]> {
    return this.storage.categories.list();
  }

  listServers(viewer: User, query: { categoryId?: string; member?: boolean; limit?: number }): Promise<Server[]> {
    return this.storage.servers.list({
      viewerId: viewer.id,
      categoryId: query.categoryId,
      memberOnly: query.member,
      limit: Math.min(query.limit ?? MAX_SERVER_LIMIT, MAX_SERVER_LIMIT),
    });
  }

  /** The server, if `viewer` may see it; `unknown_server` otherwise. */
  async getServer(viewer: User, serverId: string): Promise<Server> {
    return (await this.access.standing(viewer, serverId)).server;
  }

  /**
   * The server's members, online ones first (as `online` says: the ids of those online on any
   * process, asked only once the viewer may see the server), then by name; those whose name starts
   * with `prefix` (ignoring case), from `offset`, for whoever may see the server.
   */
  async listMembers(
    viewer: User,
    serverId: string,
    query: { prefix?: string | undefined; limit?: number | undefined; offset?: number | undefined },
    online: () => Promise<readonly string[]>,
  ): Promise<MemberPage> {
    await this.getServer(viewer, serverId);
    return this.storage.servers.members(serverId, {
      prefix: query.prefix ?? '',
      limit: Math.min(query.limit ?? DEFAULT_MEMBER_LIMIT, MAX_MEMBER_LIMIT),
      offset: query.offset ?? 0,
      online: await online(),
    });
  }

  /**
   * Creates a server owned by `owner`, with a first channel `general`. The owner joins it as any
   * member does: their open sockets hear `member_update` and follow the server's activity.
   */
  async createServer(owner: User, input: NewServerInput): Promise<Server> {
    const name = requireText(input.name, 'name', 1, 100);
    const description = requireText(input.description ?? '', 'description', 0, 1000);
    await this.requireCategory(input.categoryId);
    const server = await this.storage.servers.create({
      name,
      description,
      categoryId: input.categoryId,
      owner,
      visibility: input.visibility ?? 'public',
      firstChannel: { name: 'general', topic: '' },
    });
    // The owner's open sockets follow the new server at once, so its changes reach them live.
    this.events.memberChanged(server.id, { user: owner, role: 'owner', mutedUntil: null, change: 'joined' });
    return server;
  }

  /**
   * Changes a server's name, description, category or visibility (admins and up). Turning it
   * private ends the live access of non-members to its channels.
   */
  async updateServer(user: User, serverId: string, input: ServerUpdateInput): Promise<Server> {
    const { server } = await this.access.require(user, serverId, 'manageServer');
    const patch: ServerPatch = {};
    if (input.name !== undefined) patch.name = requireText(input.name, 'name', 1, 100);
    if (input.description !== undefined) patch.description = requireText(input.description, 'description', 0, 1000);
    if (input.categoryId !== undefined) {
      if (typeof input.categoryId !== 'string') {
        throw new ChatError(ErrorCode.invalidInput, 'categoryId must be a string', { field: 'categoryId' });
      }
      patch.categoryId = await this.requireCategory(input.categoryId);
    }
    if (input.visibility !== undefined) {
      if (input.visibility !== 'public' && input.visibility !== 'private') {
        throw new ChatError(ErrorCode.invalidInput, 'visibility must be public or private', { field: 'visibility' });
      }
      patch.visibility = input.visibility;
    }
    if (Object.keys(patch).length === 0) throw new ChatError(ErrorCode.invalidInput, 'no field to change', { field: 'body' });
    const details: AuditDetails = {};
    for (const [key, value] of Object.entries(patch) as Array<[keyof ServerPatch, string]>) {
      if (server[key] !== value) details[key] = value;
    }
    const updated = await this.storage.servers.update(serverId, patch);
    if (!updated) throw unknownServer(serverId);
    if (Object.keys(details).length > 0) {
      await this.audit.record({ actor: user, serverId, action: 'server_update', target: serverTarget(updated), details });
      if (server.visibility === 'public' && updated.visibility === 'private') this.events.serverTurnedPrivate(updated);
      this.events.serverChanged(updated);
    }
    return updated;
  }

  async createChannel(user: User, serverId: string, input: NewChannelInput): Promise<Channel> {
    await this.access.require(user, serverId, 'manageChannels');
    const name = channelName(input.name);
    const topic = channelTopic(input.topic ?? '');
    const result = await this.storage.channels.create({ serverId, name, topic });
    if ('conflict' in result) throw nameTaken(name);
    const channel = result.created;
    await this.audit.record({
      actor: user,
      serverId,
      action: 'channel_create',
      target: channelTarget(channel),
      details: { name, topic },
    });
    await this.announce(serverId);
    return channel;
  }

  /** Renames a channel, or changes its topic or slow mode (admins and up). */
  async updateChannel(user: User, channelId: string, input: ChannelUpdateInput): Promise<Channel> {
    const { channel } = await this.access.requireInChannel(user, channelId, 'manageChannels');
    const patch: { name?: string; topic?: string; slowModeSeconds?: number } = {};
    if (input.name !== undefined) patch.name = channelName(input.name);
    if (input.topic !== undefined) patch.topic = channelTopic(input.topic);
    if (input.slowModeSeconds !== undefined) patch.slowModeSeconds = slowModeSeconds(input.slowModeSeconds);
    if (Object.keys(patch).length === 0) throw new ChatError(ErrorCode.invalidInput, 'no field to change', { field: 'body' });
    const details: AuditDetails = {};
    for (const [key, value] of Object.entries(patch) as Array<[keyof typeof patch, string | number]>) {
      if (channel[key] !== value) details[key] = value;
    }
    const result = await this.storage.channels.update(channelId, patch);
    if (!result) throw unknownChannel(channelId);
    if ('conflict' in result) throw nameTaken(patch.name ?? '');
    if (Object.keys(details).length > 0) {
      await this.audit.record({
        actor: user,
        serverId: channel.serverId,
        action: 'channel_update',
        target: channelTarget(result.created),
        details,
      });
      await this.announce(channel.serverId);
    }
    return result.created;
  }

  /** Deletes a channel with its history (admins and up); never a server's last channel. */
  async deleteChannel(user: User, channelId: string): Promise<void> {
    const { channel, server } = await this.access.requireInChannel(user, channelId, 'manageChannels');
    if (server.channels.length <= 1) {
      throw new ChatError(ErrorCode.conflict, 'a server keeps at least one channel; create another before deleting this one');
    }
    // Read before the delete, which removes the rows: an upload that lands in between loses its
    // row with the channel and leaves only an orphan blob, never a row without bytes.
    const files = await this.storage.attachments.idsInChannel(channelId);
    if (!(await this.storage.channels.delete(channelId))) throw unknownChannel(channelId);
    if (this.blobs) await discardBlobs(this.blobs, files);
    this.events.channelDeleted(channelId);
    await this.audit.record({ actor: user, serverId: server.id, action: 'channel_delete', target: channelTarget(channel) });
    await this.announce(server.id);
  }

  /** Gives the server's channels the order of `channelIds`, which names each of them exactly once (admins and up). */
  async reorderChannels(user: User, serverId: string, channelIds: unknown): Promise<Channel[]> {
    const { server } = await this.access.require(user, serverId, 'manageChannels');
    const known = new Set(server.channels.map((channel) => channel.id));
    const ids = Array.isArray(channelIds) ? (channelIds as unknown[]) : undefined;
    const strings = ids?.filter((id): id is string => typeof id === 'string') ?? [];
    if (!ids || strings.length !== ids.length || new Set(strings).size !== strings.length || strings.some((id) => !known.has(id))) {
      throw new ChatError(ErrorCode.invalidInput, "channelIds must name each of the server's channels exactly once", {
        field: 'channelIds',
      });
    }
    if (strings.length !== known.size) {
      throw new ChatError(ErrorCode.invalidInput, "channelIds must name every one of the server's channels", { field: 'channelIds' });
    }
    const channels = await this.storage.channels.reorder(serverId, strings);
    await this.audit.record({
      actor: user,
      serverId,
      action: 'channel_reorder',
      target: serverTarget(server),
      details: { order: channels.map((channel) => channel.name).join(', ') },
    });
    await this.announce(serverId);
    return channels;
  }

  /** Joins a server; joining twice is not an error. A user banned from it is refused (`banned`). */
  async join(user: User, serverId: string): Promise<JoinResult> {
    await this.getServer(user, serverId);
    if (await this.storage.servers.banOf(serverId, user.id)) throw bannedFrom();
    const created = await this.storage.servers.join(serverId, user);
    const membership = (await this.storage.servers.membership(serverId, user.id)) ?? {
      serverId,
      userId: user.id,
      role: 'member',
      mutedUntil: null,
    };
    if (created) this.events.memberChanged(serverId, { user, role: membership.role, mutedUntil: membership.mutedUntil, change: 'joined' });
    return { membership, created };
  }

  /** An admin adds `userId` as a member: a way into a private server besides invites. */
  async addMember(actor: User, serverId: string, userId: string): Promise<JoinResult> {
    await this.access.require(actor, serverId, 'manageInvites');
    if (userId === actor.id) return this.join(actor, serverId);
    if (await this.storage.servers.banOf(serverId, userId)) throw bannedFrom('this user is banned from the server; unban them first');
    const created = await this.storage.servers.addMember(serverId, userId);
    const membership = (await this.storage.servers.membership(serverId, userId)) ?? { serverId, userId, role: 'member', mutedUntil: null };
    if (created) {
      const user = (await this.access.member(serverId, userId))?.user ?? { id: userId, name: userId, avatarUrl: null };
      this.events.memberChanged(serverId, { user, role: membership.role, mutedUntil: membership.mutedUntil, change: 'joined' });
    }
    return { membership, created };
  }

  /** Leaves a server: its channels stop reaching the user's sockets at once. The owner cannot leave. */
  async leave(user: User, serverId: string): Promise<void> {
    await this.getServer(user, serverId);
    const role = await this.storage.servers.roleOf(serverId, user.id);
    if (role === 'owner') throw new ChatError(ErrorCode.conflict, 'the owner cannot leave their server');
    if (!role) throw new ChatError(ErrorCode.notMember, 'you are not a member of this server');
    await this.storage.servers.leave(serverId, user.id);
    this.events.memberChanged(serverId, removal(user, 'left'));
  }

  /** Tells the server's members of its new state (after a change of its channels or images). */
  async announce(serverId: string): Promise<Server> {
    const server = await this.storage.servers.get(serverId);
    if (!server) throw unknownServer(serverId);
    this.events.serverChanged(server);
    return server;
  }

  private async requireCategory(categoryId: string): Promise<string> {
    if (!(await this.storage.categories.get(categoryId))) {
      throw new ChatError(ErrorCode.invalidInput, `category ${categoryId} does not exist`, { field: 'categoryId' });
    }
    return categoryId;
  }
}

/** The refusal of a user banned from a server. */
export function bannedFrom(message = 'you are banned from this server'): ChatError {
  return new ChatError(ErrorCode.banned, message);
}

function nameTaken(name: string): ChatError {
  return new ChatError(ErrorCode.conflict, `a channel named ${name} exists already`);
}

const serverTarget = (server: Server) => ({ kind: 'server' as const, id: server.id, label: server.name });
const channelTarget = (channel: Channel) => ({ kind: 'channel' as const, id: channel.id, label: channel.name });

/** A member's change with nothing of them left in the server. */
export function removal(user: User, change: 'left' | 'kicked' | 'banned'): MemberChange {
  return { user, role: null, mutedUntil: null, change };
}
