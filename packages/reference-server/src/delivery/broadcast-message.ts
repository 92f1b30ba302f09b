import type { Message } from '../domain/types.js';

/**
 * A message as every subscriber is sent it: one frame for all, so no reaction is marked `me`.
 * Each client sets its own `me` from the copy it holds and from the `reaction` of a `changed` frame.
 */
export function broadcastMessage(message: Message): Message {
  if (!message.reactions.some((reaction) => reaction.me)) return message;
  return { ...message, reactions: message.reactions.map((reaction) => ({ ...reaction, me: false })) };
}
