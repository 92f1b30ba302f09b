import type { Message, User } from '../domain/types.js';
import type { ChannelEvent } from './types.js';

/**
 * The text that carries an event: the socket frame `message {message}` or `typing {channelId,
 * user}`, or, for `here`, a frame between processes that no socket sees. The Redis fan-out
 * publishes this very text, so a message is serialized once in the whole cluster: every process
 * hands the text it received to its sockets as it is.
 */
export function eventFrame(event: ChannelEvent): string {
  switch (event.kind) {
    case 'message':
      return JSON.stringify({ type: 'message', message: event.message });
    case 'typing':
      return JSON.stringify({ type: 'typing', channelId: event.channelId, user: event.user });
    case 'here':
      return JSON.stringify({ type: 'here', channelId: event.channelId, process: event.process, users: event.users, ask: event.ask });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const isUser = (value: unknown): value is User =>
  isObject(value) && typeof value.id === 'string' && typeof value.name === 'string';

const isMessage = (value: unknown): value is Message =>
  isObject(value) &&
  typeof value.id === 'string' &&
  typeof value.channelId === 'string' &&
  Number.isSafeInteger(value.seq) &&
  isUser(value.author) &&
  typeof value.content === 'string';

/**
 * The event a frame made by {@link eventFrame} carries, or undefined when the text is not one (a
 * process of another version, or anything else that published on the channel).
 */
export function parseEventFrame(frame: string): ChannelEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.type === 'message' && isMessage(value.message)) return { kind: 'message', message: value.message };
  if (value.type === 'typing' && typeof value.channelId === 'string' && isUser(value.user)) {
    return { kind: 'typing', channelId: value.channelId, user: value.user };
  }
  if (
    value.type === 'here' &&
    typeof value.channelId === 'string' &&
    typeof value.process === 'string' &&
    Array.isArray(value.users) &&
    value.users.every(isUser)
  ) {
    return { kind: 'here', channelId: value.channelId, process: value.process, users: value.users, ask: value.ask === true };
  }
  return undefined;
}
