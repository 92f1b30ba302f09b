/** Which thread: the channel and the root message. Detail of `chat-thread-open` and `chat-thread-close`. */
export interface ThreadDetail {
  channelId: string;
  rootId: string;
}

/**
 * The user asked to see a thread: the Thread button of a message, or the reply count under a
 * thread's root. Bubbles and crosses shadow roots; `<chat-app>` opens a `<chat-thread>` beside
 * the messages, and a page that shows `<chat-messages>` on its own places one itself.
 *
 * @example
 * messages.addEventListener('chat-thread-open', ({ detail }) => {
 *   panel.replaceChildren(Object.assign(document.createElement('chat-thread'), { serverId, ...detail }));
 * });
 */
export function threadOpenEvent(detail: ThreadDetail): CustomEvent<ThreadDetail> {
  return new CustomEvent('chat-thread-open', { detail, bubbles: true, composed: true });
}

/**
 * The user closed a thread panel (its close button, or Escape); whoever placed the panel removes it.
 *
 * @example
 * thread.addEventListener('chat-thread-close', () => thread.remove());
 */
export class ChatThreadCloseEvent extends CustomEvent<ThreadDetail> {
  constructor(detail: ThreadDetail) {
    super('chat-thread-close', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-thread-close': ChatThreadCloseEvent;
  }
}
