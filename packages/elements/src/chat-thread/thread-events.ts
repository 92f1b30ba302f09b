/** Which thread: the channel and the root message. Detail of `chat-thread-close` (and, as `ThreadOpenDetail`, of `chat-thread-open`). */
export interface ThreadDetail {
  channelId: string;
  rootId: string;
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
