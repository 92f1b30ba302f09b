import type { Message, ReactionEvent, ThreadUpdate, User } from './types.js';

/**
 * What happened in a channel, as it travels from the process that stored or saw it to every
 * process with subscribers to the channel. A domain event, not a frame: each process encodes the
 * socket frame once for all its sockets.
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
  | { kind: 'revoked'; channelId: string; userId: string; reason: AccessRevokedReason };

/** Why a user lost access to a channel, as the `reason` of the `unsubscribed` frame they are sent. */
export type AccessRevokedReason = 'left';
