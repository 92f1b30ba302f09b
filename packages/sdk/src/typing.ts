/**
 * `@hearth/sdk/typing`: who is typing in a channel, and telling the others the user is. A separate
 * entry, so that apps which only chat do not ship it.
 *
 * @example
 * import { typingIn } from '@hearth/sdk/typing';
 * const typing = typingIn(chat.channel('c_general'));
 * typing.$typists.subscribe((users) => (status.textContent = users.map((user) => user.name).join(', ')));
 * input.addEventListener('input', () => typing.typing());
 *
 * @module
 */
import { type ReadableAtom, atom, onMount } from 'nanostores';
import type { ChannelInternals } from './channel-store.js';
import type { ChatChannel } from './chat-channel.js';
import { INTERNALS } from './internals.js';
import type { ServerFrame, User } from './protocol/frames.js';

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2000;

/** Typing in one channel: see {@link typingIn}. */
export interface Typing {
  /**
   * Who is typing in the channel now, the user excepted: each for 4 s after their last `typing`,
   * or until their message arrives. Followed while watched (the channel's own `$messages` keeps
   * it subscribed); empty when nobody watches it.
   */
  readonly $typists: ReadableAtom<readonly User[]>;
  /** Tells the others the user is typing (at most every two seconds, however often called). */
  typing(this: void): void;
}

const made = new WeakMap<ChatChannel, Typing>();

/**
 * Typing in `channel` (from `chat.channel(id)`): who is typing, and the call that tells the others
 * the user is. The same instance for the same channel.
 *
 * @example
 * const { $typists, typing } = typingIn(chat.channel('c_general'));
 */
export function typingIn(channel: ChatChannel): Typing {
  let typing = made.get(channel);
  if (!typing) made.set(channel, (typing = createTyping(channel)));
  return typing;
}

function createTyping(channel: ChatChannel): Typing {
  const internals = (channel as Partial<Record<typeof INTERNALS, ChannelInternals>>)[INTERNALS];
  if (!internals) throw new TypeError('@hearth/sdk/typing: pass a channel of a client made by createChatClient of the same @hearth/sdk');
  const { context } = internals;
  const typists = atom<readonly User[]>([]);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let sentAt = 0;

  const stop = (userId: string) => {
    clearTimeout(timers.get(userId));
    timers.delete(userId);
    const shown = typists.get();
    const others = shown.filter((typist) => typist.id !== userId);
    if (others.length < shown.length) typists.set(others);
  };
  const receive = (frame: ServerFrame) => {
    if (frame.type === 'typing' && frame.channelId === channel.id && frame.user.id !== context.user()?.id) {
      const { user } = frame;
      clearTimeout(timers.get(user.id));
      timers.set(
        user.id,
        setTimeout(() => stop(user.id), TYPING_SHOWN_MS),
      );
      if (!typists.get().some((typist) => typist.id === user.id)) typists.set([...typists.get(), user]);
    }
    // A message (or a change) of the typist's ends their typing.
    if ((frame.type === 'message' || frame.type === 'changed' || frame.type === 'ack') && frame.message.channelId === channel.id) {
      stop(frame.message.author.id);
    }
  };
  onMount(typists, () => {
    context.frames.add(receive);
    return () => {
      context.frames.delete(receive);
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
      typists.set([]);
    };
  });

  return {
    $typists: typists,
    typing() {
      const now = Date.now();
      if (now - sentAt >= TYPING_SENT_EVERY_MS && context.send({ type: 'typing', channelId: channel.id })) sentAt = now;
    },
  };
}
