import { type ChannelEvent, type MemberChange, isAccessRevokedReason } from '../domain/channel-event.js';
import type { Channel, Message, ReactionEvent, ReadState, Role, Server, ThreadUpdate, User } from '../domain/types.js';

/**
 * The text that carries a channel event between processes: the event itself as JSON. It is the
 * fan-out's own wire format, not a socket frame, so the two can change apart.
 */
export function encodeEvent(event: ChannelEvent): string {
  return JSON.stringify(event);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const isUser = (value: unknown): value is User => isObject(value) && typeof value.id === 'string' && typeof value.name === 'string';

const isMessage = (value: unknown): value is Message =>
  isObject(value) &&
  typeof value.id === 'string' &&
  typeof value.channelId === 'string' &&
  Number.isSafeInteger(value.seq) &&
  isUser(value.author) &&
  typeof value.content === 'string' &&
  Number.isSafeInteger(value.version) &&
  typeof value.deleted === 'boolean' &&
  (value.editedAt === null || typeof value.editedAt === 'string') &&
  Array.isArray(value.reactions) &&
  (value.replyTo === null || isObject(value.replyTo)) &&
  (value.threadId === null || typeof value.threadId === 'string') &&
  (value.thread === null || isObject(value.thread)) &&
  Array.isArray(value.mentions);

const isThreadUpdate = (value: unknown): value is ThreadUpdate =>
  isObject(value) &&
  typeof value.rootId === 'string' &&
  Number.isSafeInteger(value.replyCount) &&
  typeof value.lastReplyAt === 'string' &&
  Number.isSafeInteger(value.lastReplySeq);

const isReaction = (value: unknown): value is ReactionEvent =>
  isObject(value) && typeof value.emoji === 'string' && typeof value.userId === 'string' && typeof value.added === 'boolean';

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

const isReadState = (value: unknown): value is ReadState =>
  isObject(value) &&
  typeof value.channelId === 'string' &&
  typeof value.serverId === 'string' &&
  isCount(value.lastReadSeq) &&
  isCount(value.lastSeq) &&
  isCount(value.unread) &&
  isCount(value.mentions);

const isRole = (value: unknown): value is Role => value === 'owner' || value === 'admin' || value === 'moderator' || value === 'member';

const isNullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

const isChannel = (value: unknown): value is Channel =>
  isObject(value) &&
  typeof value.id === 'string' &&
  typeof value.serverId === 'string' &&
  typeof value.name === 'string' &&
  typeof value.topic === 'string' &&
  isCount(value.position) &&
  isCount(value.slowModeSeconds);

const isServer = (value: unknown): value is Server =>
  isObject(value) &&
  typeof value.id === 'string' &&
  typeof value.name === 'string' &&
  typeof value.description === 'string' &&
  isNullableString(value.iconUrl) &&
  isNullableString(value.bannerUrl) &&
  typeof value.categoryId === 'string' &&
  typeof value.ownerId === 'string' &&
  (value.visibility === 'public' || value.visibility === 'private') &&
  isCount(value.memberCount) &&
  Array.isArray(value.channels) &&
  value.channels.every(isChannel);

const MEMBER_CHANGES = new Set(['joined', 'left', 'kicked', 'banned', 'role', 'timeout']);

const isMemberChange = (value: unknown): value is MemberChange =>
  isObject(value) &&
  isUser(value.user) &&
  (value.role === null || isRole(value.role)) &&
  isNullableString(value.mutedUntil) &&
  typeof value.change === 'string' &&
  MEMBER_CHANGES.has(value.change);

/** A user as the event carried it, without anything else it held. */
const userOf = (user: User): User => ({ id: user.id, name: user.name, avatarUrl: user.avatarUrl ?? null });

const memberChangeOf = (change: MemberChange): MemberChange => ({
  user: userOf(change.user),
  role: change.role,
  mutedUntil: change.mutedUntil,
  change: change.change,
});

/**
 * The event a text made by {@link encodeEvent} carries, or undefined when the text is not one (a
 * process of another version, or anything else that published on the channel).
 */
export function decodeEvent(text: string): ChannelEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.kind === 'message' && isMessage(value.message)) {
    const { thread } = value;
    if (thread === undefined) return { kind: 'message', message: value.message };
    if (isThreadUpdate(thread)) return { kind: 'message', message: value.message, thread };
  }
  if (value.kind === 'changed' && isMessage(value.message)) {
    const { reaction } = value;
    if (reaction === undefined) return { kind: 'changed', message: value.message };
    if (isReaction(reaction)) return { kind: 'changed', message: value.message, reaction };
  }
  if (value.kind === 'typing' && typeof value.channelId === 'string' && isUser(value.user)) {
    return { kind: 'typing', channelId: value.channelId, user: value.user };
  }
  if (
    value.kind === 'here' &&
    typeof value.channelId === 'string' &&
    typeof value.process === 'string' &&
    Array.isArray(value.users) &&
    value.users.every(isUser)
  ) {
    return { kind: 'here', channelId: value.channelId, process: value.process, users: value.users, ask: value.ask === true };
  }
  if (
    value.kind === 'revoked' &&
    typeof value.channelId === 'string' &&
    isNullableString(value.userId) &&
    isAccessRevokedReason(value.reason)
  ) {
    return { kind: 'revoked', channelId: value.channelId, userId: value.userId, reason: value.reason };
  }
  if (
    value.kind === 'activity' &&
    typeof value.channelId === 'string' &&
    typeof value.serverId === 'string' &&
    isCount(value.seq) &&
    value.seq > 0 &&
    typeof value.authorId === 'string' &&
    (value.threadId === null || typeof value.threadId === 'string') &&
    Array.isArray(value.mentionIds) &&
    value.mentionIds.every((id) => typeof id === 'string')
  ) {
    const { channelId, serverId, seq, authorId, threadId, mentionIds } = value;
    return { kind: 'activity', channelId, serverId, seq, authorId, threadId, mentionIds };
  }
  if (
    value.kind === 'online' &&
    typeof value.serverId === 'string' &&
    typeof value.process === 'string' &&
    Array.isArray(value.users) &&
    value.users.every(isUser)
  ) {
    return { kind: 'online', serverId: value.serverId, process: value.process, users: value.users, ask: value.ask === true };
  }
  if (value.kind === 'read' && typeof value.userId === 'string' && isReadState(value.state)) {
    const { channelId, serverId, lastReadSeq, lastSeq, unread, mentions } = value.state;
    return { kind: 'read', userId: value.userId, state: { channelId, serverId, lastReadSeq, lastSeq, unread, mentions } };
  }
  if (
    value.kind === 'membership' &&
    typeof value.userId === 'string' &&
    typeof value.serverId === 'string' &&
    typeof value.member === 'boolean' &&
    (value.change === undefined || isMemberChange(value.change))
  ) {
    const { userId, serverId, member, change } = value;
    return { kind: 'membership', userId, serverId, member, ...(change && { change: memberChangeOf(change) }) };
  }
  if (value.kind === 'server' && isServer(value.server)) return { kind: 'server', server: value.server };
  if (value.kind === 'member' && typeof value.serverId === 'string' && isMemberChange(value.change)) {
    return { kind: 'member', serverId: value.serverId, change: memberChangeOf(value.change) };
  }
  return undefined;
}
