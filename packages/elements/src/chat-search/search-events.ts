/** Detail of `chat-search-open`: where the message found is, and which one it is. */
export interface SearchOpenDetail {
  serverId: string;
  channelId: string;
  messageId: string;
  /** The message's `seq` in its channel, to load the history around it. */
  seq: number;
  /** The root of the thread the message is a reply in; null for a message of the main line. */
  threadId: string | null;
}

/**
 * The user opened a search result. Bubbles and crosses shadow roots; `<chat-app>` then opens the
 * message's channel (switching server if needed) and shows the message, and `preventDefault()`
 * keeps it where it was (the page navigates itself).
 *
 * @example
 * search.addEventListener('chat-search-open', (event) => {
 *   router.go(`/chat/${event.detail.channelId}`).then(() => messages.showMessage(event.detail.seq));
 * });
 */
export class ChatSearchOpenEvent extends CustomEvent<SearchOpenDetail> {
  constructor(detail: SearchOpenDetail) {
    super('chat-search-open', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** Detail of `chat-search-close`: the query whose results were shown. */
export interface SearchCloseDetail {
  query: string;
}

/**
 * The user closed a search panel (its close button, shown with `closable`, or Escape); whoever
 * placed the panel removes or hides it.
 *
 * @example
 * search.addEventListener('chat-search-close', () => search.remove());
 */
export class ChatSearchCloseEvent extends CustomEvent<SearchCloseDetail> {
  constructor(detail: SearchCloseDetail) {
    super('chat-search-close', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-search-open': ChatSearchOpenEvent;
    'chat-search-close': ChatSearchCloseEvent;
  }
}
