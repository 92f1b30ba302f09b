import type { Message, ReactionEvent, ReadState, ThreadUpdate, User } from './types.js';

/**
 * What happened in a channel, a server or to a user, as it travels from the process that stored or
 * saw it to every process that follows it: a channel's events on the channel's topic, `activity`
 * and `online` on its server's, `read` and `membership` on its user's (see topics.ts). A domain
 * event, not a frame: each process encodes the socket frame once for all its sockets.
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
  /** The user `userId` may no longer follow the channel: every process drops their subscriptions to it. */
  | { kind: 'revoked'; channelId: string; userId: string; reason: AccessRevokedReason }
  /** A new message in a channel of the server, for the counts of every member, subscribed or not. */
  | { kind: 'activity'; channelId: string; serverId: string; seq: number; authorId: string; threadId: string | null; mentionIds: string[] }
  /**
   * The members online in the server through the process `process` (a socket of theirs subscribed
   * to one of its channels); `ask` asks every other process to say the same of itself.
   */
  | { kind: 'online'; serverId: string; process: string; users: User[]; ask: boolean }
  /** The user's read position in a channel moved: every socket of theirs hears the new state. */
  | { kind: 'read'; userId: string; state: ReadState }
  /** The user joined (`member`) or left the server: their sockets follow its activity, or stop. */
  | { kind: 'membership'; userId: string; serverId: string; member: boolean };

/** Why a user lost access to a channel, as the `reason` of the `unsubscribed` frame they are sent. */
export type AccessRevokedReason = 'left';
