import type { Category, Channel, Membership, Server, User, Visibility } from '../domain/types.js';
import type { MemberPage, Storage } from '../storage/types.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { assertWellFormed } from './text-rules.js';

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

/** A new channel as a server's owner asks for it. */
export interface NewChannelInput {
  name: string;
  topic?: string | undefined;
}

const CHANNEL_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,31}$/u;

/**
 * The rules of categories, servers, channels and membership: what a user may see and change.
 * Private servers do not exist for non-members (`unknown_server`), so their ids leak nothing.
 */
export class CommunityService {
  constructor(private readonly storage: Storage) {}

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
    const server = await this.storage.servers.get(serverId);
    if (!server) throw unknownServer(serverId);
    if (server.visibility === 'private' && !(await this.storage.servers.roleOf(serverId, viewer.id))) {
      throw unknownServer(serverId);
    }
    return server;
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

  async createServer(owner: User, input: NewServerInput): Promise<Server> {
    const name = requireText(input.name, 'name', 1, 100);
    const description = requireText(input.description ?? '', 'description', 0, 1000);
    if (!(await this.storage.categories.get(input.categoryId))) {
      throw new ChatError(ErrorCode.invalidInput, `category ${input.categoryId} does not exist`, { field: 'categoryId' });
    }
    return this.storage.servers.create({
      name,
      description,
      categoryId: input.categoryId,
      owner,
      visibility: input.visibility ?? 'public',
      firstChannel: { name: 'general', topic: '' },
    });
  }

  async createChannel(user: User, serverId: string, input: NewChannelInput): Promise<Channel> {
    await this.requireOwner(user, serverId);
    const name = requireText(input.name, 'name', 1, 32).toLowerCase();
    if (!CHANNEL_NAME.test(name)) {
      throw new ChatError(ErrorCode.invalidInput, 'name may hold letters, digits, - and _ only', { field: 'name' });
    }
    const topic = requireText(input.topic ?? '', 'topic', 0, 300);
    const result = await this.storage.channels.create({ serverId, name, topic });
    if ('conflict' in result) throw new ChatError(ErrorCode.conflict, `a channel named ${name} exists already`);
    return result.created;
  }

  /** Joins a server; joining twice is not an error. */
  async join(user: User, serverId: string): Promise<{ membership: Membership; created: boolean }> {
    await this.getServer(user, serverId);
    const created = await this.storage.servers.join(serverId, user);
    const role = (await this.storage.servers.roleOf(serverId, user.id)) ?? 'member';
    return { membership: { serverId, userId: user.id, role, mutedUntil: null }, created };
  }

  /** The owner adds `userId` as a member: the way into a private server. */
  async addMember(owner: User, serverId: string, userId: string): Promise<{ membership: Membership; created: boolean }> {
    await this.requireOwner(owner, serverId);
    if (userId === owner.id) return this.join(owner, serverId);
    const created = await this.storage.servers.addMember(serverId, userId);
    return { membership: { serverId, userId, role: 'member', mutedUntil: null }, created };
  }

  async leave(user: User, serverId: string): Promise<void> {
    await this.getServer(user, serverId);
    const role = await this.storage.servers.roleOf(serverId, user.id);
    if (role === 'owner') throw new ChatError(ErrorCode.conflict, 'the owner cannot leave their server');
    if (!role) throw new ChatError(ErrorCode.notMember, 'you are not a member of this server');
    await this.storage.servers.leave(serverId, user.id);
  }

  /** The server, if `user` owns it: `forbidden` for other members, `unknown_server` for the rest. */
  async requireOwner(user: User, serverId: string): Promise<Server> {
    const server = await this.getServer(user, serverId);
    if (server.ownerId !== user.id) throw new ChatError(ErrorCode.forbidden, 'only the server owner may do this');
    return server;
  }
}

function unknownServer(serverId: string): ChatError {
  return new ChatError(ErrorCode.unknownServer, `no server with id ${serverId}`);
}

function requireText(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw new ChatError(ErrorCode.invalidInput, `${field} must be a string`, { field });
  const text = value.trim();
  if (text.length < min || text.length > max) {
    const range = min === 0 ? `at most ${max}` : `${min} to ${max}`;
    throw new ChatError(ErrorCode.invalidInput, `${field} must be ${range} characters`, { field });
  }
  assertWellFormed(text, field);
  return text;
}
