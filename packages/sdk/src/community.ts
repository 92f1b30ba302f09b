/**
 * `@hearth/sdk/community`: managing and moderating a server, and joining one by invite. A separate
 * entry, so that apps which only chat do not ship it. Every action is checked by the server against
 * the user's role (see `can()` in `@hearth/sdk/protocol` to offer only what it allows); a refusal
 * rejects with a `ChatApiError` whose `code` says why (`forbidden`, `conflict`, `invalid_input` with
 * `field`, `banned`, `unknown_invite`, `invite_expired`…). What an action changes reaches the
 * client's stores through the socket (`server_update`, `member_update`), like any other change.
 *
 * @example
 * import { manageServer, acceptInvite } from '@hearth/sdk/community';
 * const admin = manageServer(chat, 's_1');
 * await admin.updateChannel('c_1', { slowModeSeconds: 10 });
 * const invite = await admin.createInvite({ maxAgeSeconds: 3600 });
 * await acceptInvite(otherChat, invite.code);
 *
 * @module
 */
import type { AuditLogPage, Ban, Channel, ChatClient, Invite, InvitePreview, Member, Membership, Server } from './client.js';
import { internalsOf } from './internals-of.js';
import { AUDIT_LOG_PAGE, BAN, CHANNEL, INVITE, INVITE_PREVIEW, MEMBER, MEMBERSHIP, SERVER } from './rest-shapes.js';

/** A role that can be given to a member: every role but `owner`. */
export type AssignableRole = 'admin' | 'moderator' | 'member';

/** The fields of a server that {@link ServerAdmin.update} changes; those left out stay. */
export interface ServerPatch {
  /** 1 to 100 characters once trimmed. */
  name?: string;
  /** At most 1000 characters once trimmed. */
  description?: string;
  /** The id of an existing category. */
  categoryId?: string;
  /** Turning a server private ends the live access of everyone who is no member. */
  visibility?: 'public' | 'private';
}

/** The fields of a channel that {@link ServerAdmin.updateChannel} changes; those left out stay. */
export interface ChannelPatch {
  /** Letters, digits, `-` and `_`, 1 to 32 characters, unique in the server; stored lower-cased. */
  name?: string;
  /** At most 300 characters once trimmed; may be empty. */
  topic?: string;
  /** How long a member below moderator waits between two messages: 0 (off) to 21600 (six hours). */
  slowModeSeconds?: number;
}

/** How long an invite works: {@link ServerAdmin.createInvite}. */
export interface InviteOptions {
  /** Seconds until it expires; never when left out. */
  maxAgeSeconds?: number;
  /** How many joins it allows; unlimited when left out. */
  maxUses?: number;
}

/**
 * The management and moderation actions of one server, for its admins and moderators: see
 * {@link manageServer}. Each resolves with what the server answers, once it is stored.
 */
export interface ServerAdmin {
  /** The server these actions apply to. */
  readonly serverId: string;
  /** Edits the server's name, description, category or visibility (admin and up). */
  update(patch: ServerPatch): Promise<Server>;
  /** Sets the server's icon, a PNG, JPEG, WebP or GIF image (admin and up). */
  setIcon(image: Blob | ArrayBuffer | Uint8Array): Promise<Server>;
  /** Sets the server's banner, shown at the top of its page (admin and up). */
  setBanner(image: Blob | ArrayBuffer | Uint8Array): Promise<Server>;
  /** Adds a channel at the end of the list (admin and up); a name the server has already is `conflict`. */
  createChannel(input: { name: string; topic?: string }): Promise<Channel>;
  /** Renames a channel, changes its topic or its slow mode (admin and up). */
  updateChannel(channelId: string, patch: ChannelPatch): Promise<Channel>;
  /** Deletes a channel with its history (admin and up); the last channel of a server is `conflict`. */
  deleteChannel(channelId: string): Promise<void>;
  /** Orders the server's channels as `channelIds`, which names each of them exactly once (admin and up). */
  reorderChannels(channelIds: readonly string[]): Promise<Channel[]>;
  /** Gives a member a role: the owner gives any, an admin `moderator` or `member` to those below admin. */
  setRole(userId: string, role: AssignableRole, reason?: string): Promise<Member>;
  /**
   * Times a member of a lower role out for `seconds` from now (moderator and up; at most 28 days):
   * they cannot post or react until then. `0` lifts a time-out.
   */
  timeOut(userId: string, seconds: number, reason?: string): Promise<Member>;
  /** Removes a member of a lower role (moderator and up); they may join again. */
  kick(userId: string, reason?: string): Promise<void>;
  /** Bans a user below the actor (admin and up): their membership ends and they cannot come back. */
  ban(userId: string, reason?: string): Promise<Ban>;
  /** Lifts a ban (admin and up); `not_found` when the user is not banned. */
  unban(userId: string): Promise<void>;
  /** The server's bans, newest first (admin and up). */
  bans(): Promise<Ban[]>;
  /** The server's invites, expired and used-up ones too, newest first (admin and up). */
  invites(): Promise<Invite[]>;
  /** A new invite code (admin and up). */
  createInvite(options?: InviteOptions): Promise<Invite>;
  /** Stops an invite code from working at once (admin and up). */
  revokeInvite(code: string): Promise<void>;
  /**
   * The audit log, newest first: at most `limit` entries (default 50, at most 100) with an id below
   * `before` (the last entry's id, for the next page; `hasMore` says whether there is one).
   */
  auditLog(query?: { before?: number; limit?: number }): Promise<AuditLogPage>;
}

const internals = (chat: ChatClient) => internalsOf(chat, 'community');

/**
 * The management and moderation actions of the server `serverId`, made as the user `chat` speaks
 * for. Making it sends nothing; the server checks the user's role at each action.
 *
 * @example
 * const admin = manageServer(chat, 's_1');
 * await admin.timeOut('u_bob', 600, 'spam');
 * const { entries } = await admin.auditLog({ limit: 20 });
 */
export function manageServer(chat: ChatClient, serverId: string): ServerAdmin {
  const { request } = internals(chat);
  const path = { id: serverId };
  const member = (userId: string) => ({ path: { id: serverId, userId } });
  return {
    serverId,
    update: (body) => request('patch', '/api/servers/{id}', { path, body }, SERVER),
    setIcon: (raw) => request('put', '/api/servers/{id}/icon', { path, raw }, SERVER),
    setBanner: (raw) => request('put', '/api/servers/{id}/banner', { path, raw }, SERVER),
    createChannel: (body) => request('post', '/api/servers/{id}/channels', { path, body }, CHANNEL),
    updateChannel: (channelId, body) => request('patch', '/api/channels/{id}', { path: { id: channelId }, body }, CHANNEL),
    deleteChannel: async (channelId) => void (await request('delete', '/api/channels/{id}', { path: { id: channelId } })),
    reorderChannels: (channelIds) =>
      request('put', '/api/servers/{id}/channels/order', { path, body: { channelIds: [...channelIds] } }, [CHANNEL]),
    setRole: (userId, role, reason) =>
      request('patch', '/api/servers/{id}/members/{userId}', { ...member(userId), body: { role, reason } }, MEMBER),
    timeOut: (userId, timeoutSeconds, reason) =>
      request('patch', '/api/servers/{id}/members/{userId}', { ...member(userId), body: { timeoutSeconds, reason } }, MEMBER),
    kick: async (userId, reason) =>
      void (await request('delete', '/api/servers/{id}/members/{userId}', { ...member(userId), query: { reason } })),
    ban: (userId, reason) => request('put', '/api/servers/{id}/bans/{userId}', { ...member(userId), body: { reason } }, BAN),
    unban: async (userId) => void (await request('delete', '/api/servers/{id}/bans/{userId}', member(userId))),
    bans: () => request('get', '/api/servers/{id}/bans', { path }, [BAN]),
    invites: () => request('get', '/api/servers/{id}/invites', { path }, [INVITE]),
    createInvite: (body = {}) => request('post', '/api/servers/{id}/invites', { path, body }, INVITE),
    revokeInvite: async (code) => void (await request('delete', '/api/servers/{id}/invites/{code}', { path: { id: serverId, code } })),
    auditLog: (query = {}) => request('get', '/api/servers/{id}/audit-log', { path, query }, AUDIT_LOG_PAGE),
  };
}

/** What {@link createServer} makes: the server's name and category, and optionally more. */
export interface NewServer {
  /** 1 to 100 characters once trimmed. */
  name: string;
  /** The id of an existing category. */
  categoryId: string;
  /** At most 1000 characters once trimmed. */
  description?: string;
  /** `public` (the default) shows in Explore; `private` is joined by invite only. */
  visibility?: 'public' | 'private';
}

/**
 * Creates a server owned by the user `chat` speaks for: it shows in
 * `$memberships` and `$roles` (as `owner`) at once. Give it an icon with `manageServer(chat,
 * server.id).setIcon(image)`.
 *
 * @example
 * const server = await createServer(chat, { name: 'Book club', categoryId: 'ct_hobbies' });
 */
export async function createServer(chat: ChatClient, input: NewServer): Promise<Server> {
  const { request, entered } = internals(chat);
  const created = await request('post', '/api/servers', { body: input }, SERVER);
  entered({ serverId: created.id, userId: created.ownerId, role: 'owner', mutedUntil: null });
  return created;
}

/**
 * What an invite leads to (the server's name, look and member count), private servers included,
 * before joining. Rejects with `unknown_invite` (404: never made, or revoked) or `invite_expired`
 * (410: expired or used up).
 *
 * @example
 * const { server } = await previewInvite(chat, code);
 * title.textContent = `Join ${server.name} (${server.memberCount} members)`;
 */
export function previewInvite(chat: ChatClient, code: string): Promise<InvitePreview> {
  return internals(chat).request('get', '/api/invites/{code}', { path: { code } }, INVITE_PREVIEW);
}

/**
 * Joins the invite's server as the user `chat` speaks for, like `chat.$memberships.join`: the
 * server shows in `$memberships` and `$roles` at once and a `membership` event tells the stores.
 * Accepting an invite to a server the user belongs to already changes nothing and uses none.
 * Rejects with `banned` (403), `unknown_invite` (404) or `invite_expired` (410).
 *
 * @example
 * const params = new URLSearchParams(location.search);
 * const code = params.get('invite');
 * if (code) openServer((await acceptInvite(chat, code)).serverId);
 */
export async function acceptInvite(chat: ChatClient, code: string): Promise<Membership> {
  const { request, entered } = internals(chat);
  const membership = await request('post', '/api/invites/{code}', { path: { code } }, MEMBERSHIP);
  entered(membership);
  return membership;
}
