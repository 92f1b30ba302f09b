import type { Message, ReactionEvent, ReadState, Role, Server, ThreadUpdate, User } from './types.js';

/** How a member's place in a server changed, as the `change` of a `member_update` frame. */
export type MemberChangeKind = 'joined' | 'left' | 'kicked' | 'banned' | 'role' | 'timeout';

/** A member's place in a server after a change: who, their role (null once removed), their time-out, and what happened. */
export interface MemberChange {
  user: User;
  role: Role | null;
  mutedUntil: string | null;
  change: MemberChangeKind;
}

/**
 * What happened in a channel, a server or to a user, as it travels from the process that stored or
 * saw it to every process that follows it: a channel's events on the channel's topic; `activity`,
 * `online`, `server` and `member` on its server's; `read` and `membership` on its user's (see
 * topics.ts). A domain event, not a frame: each process encodes the socket frame once for all its sockets.
 */
export type ChannelEvent =
  /** A new message; `thread` is its thread's summary as it left it, when it is a thread reply. */
  | { kind: 'message'; message: Message; thread?: ThreadUpdate }
  /**
   * A stored message changed (edited, deleted, a reaction added or removed): `message` is its new
   * state with `me: false` in its reactions, `message.version` the seq the change took.
   */
  | { kind: 'changed'; message: Message; reaction?: ReactionEvent }
  | { kind: 'typing'; channelId: string; user: User }
  /**
   * The users that have the channel open through the process `process` (none when it stops
   * watching the channel); `ask` asks every other process to say the same of itself.
   */
  | { kind: 'here'; channelId: string; process: string; users: User[]; ask: boolean }
  /**
   * Subscriptions to the channel end on every process: those of `userId`, or with `userId` null
   * those of everyone (`deleted`) or of everyone who is no member of the channel's server (`private`).
   */
  | { kind: 'revoked'; channelId: string; userId: string | null; reason: AccessRevokedReason }
  /** A new message in a channel of the server, for the counts of every member, subscribed or not. */
  | { kind: 'activity'; channelId: string; serverId: string; seq: number; authorId: string; threadId: string | null; mentionIds: string[] }
  /**
   * The members online in the server through the process `process` (a socket of theirs subscribed
   * to one of its channels); `ask` asks every other process to say the same of itself.
   */
  | { kind: 'online'; serverId: string; process: string; users: User[]; ask: boolean }
  /** The server changed (its fields, images or channels): its members hear its new state. */
  | { kind: 'server'; server: Server }
  /** A member's place in the server changed: the other members hear of it (the member itself through `membership`). */
  | { kind: 'member'; serverId: string; change: MemberChange }
  /** The user's read position in a channel moved: every socket of theirs hears the new state. */
  | { kind: 'read'; userId: string; state: ReadState }
  /**
   * The user joined (`member`) or left the server, or their role or time-out changed (`change`):
   * their sockets follow its activity, or stop and lose its channels with the reason of `change`.
   */
  | { kind: 'membership'; userId: string; serverId: string; member: boolean; change?: MemberChange };

/** Why a user lost access to a channel, as the `reason` of the `unsubscribed` frame they are sent. */
export type AccessRevokedReason = 'left' | 'kicked' | 'banned' | 'private' | 'deleted';

/** Whether a string names an {@link AccessRevokedReason}. */
export function isAccessRevokedReason(value: unknown): value is AccessRevokedReason {
  return value === 'left' || value === 'kicked' || value === 'banned' || value === 'private' || value === 'deleted';
}
