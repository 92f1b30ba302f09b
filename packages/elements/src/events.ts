/** Detail of `chat-server-select`. */
export interface ServerSelectDetail {
  serverId: string;
  /** The server's name, for the page's title or history (empty if the element did not have it yet). */
  serverName: string;
}

/** Detail of `chat-channel-select`. */
export interface ChannelSelectDetail {
  serverId: string;
  channelId: string;
  /** The server's name, for the page's title or history. */
  serverName: string;
  /** The channel's name, without `#`. */
  channelName: string;
}

/** Detail of `chat-not-found`: what was asked for and did not exist (or is not visible). */
export interface NotFoundDetail {
  kind: 'server' | 'channel';
  id: string;
}

/**
 * The user chose a server. Bubbles and crosses shadow roots; `preventDefault()` keeps the element
 * where it was (the page decides, e.g. to ask first).
 *
 * @example
 * list.addEventListener('chat-server-select', (event) => {
 *   if (!confirm(`Open ${event.detail.serverName}?`)) event.preventDefault();
 * });
 */
export class ChatServerSelectEvent extends CustomEvent<ServerSelectDetail> {
  constructor(detail: ServerSelectDetail) {
    super('chat-server-select', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * The user chose a channel. Bubbles and crosses shadow roots; `preventDefault()` keeps the element
 * where it was.
 *
 * @example
 * channels.addEventListener('chat-channel-select', ({ detail }) => {
 *   router.go(`/chat/${detail.channelId}`);
 *   document.title = `#${detail.channelName} · ${detail.serverName}`;
 * });
 */
export class ChatChannelSelectEvent extends CustomEvent<ChannelSelectDetail> {
  constructor(detail: ChannelSelectDetail) {
    super('chat-channel-select', { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * A server or channel id given to an element does not exist; the element fell back to its home or
 * landing view.
 *
 * @example
 * app.addEventListener('chat-not-found', (event) => console.warn(`no ${event.detail.kind} ${event.detail.id}`));
 */
export class ChatNotFoundEvent extends CustomEvent<NotFoundDetail> {
  constructor(detail: NotFoundDetail) {
    super('chat-not-found', { detail, bubbles: true, composed: true });
  }
}

/** Detail of `chat-thread-open`. */
export interface ThreadOpenDetail {
  channelId: string;
  /** The thread's root message. */
  rootId: string;
}

/**
 * The user asked to open the thread of a message (its toolbar's Thread button, or the reply count
 * under a thread's root). Bubbles and crosses shadow roots; `<chat-app>` opens its thread panel on it, and a page that places the
 * elements itself shows a `<chat-thread>` for it.
 *
 * @example
 * messages.addEventListener('chat-thread-open', (event) => openThreadPanel(event.detail.channelId, event.detail.rootId));
 */
export class ChatThreadOpenEvent extends CustomEvent<ThreadOpenDetail> {
  constructor(detail: ThreadOpenDetail) {
    super('chat-thread-open', { detail, bubbles: true, composed: true });
  }
}

/** Detail of `chat-emoji-select`. */
export interface EmojiSelectDetail {
  /** The emoji itself, one grapheme (`👍`). */
  emoji: string;
  /** Its English name (`thumbs up`). */
  name: string;
}

/**
 * The user picked an emoji in an emoji picker. Bubbles and crosses shadow roots.
 *
 * @example
 * picker.addEventListener('chat-emoji-select', (event) => react(event.detail.emoji));
 */
export class ChatEmojiSelectEvent extends CustomEvent<EmojiSelectDetail> {
  constructor(detail: EmojiSelectDetail) {
    super('chat-emoji-select', { detail, bubbles: true, composed: true });
  }
}

/**
 * The user asked an emoji picker to close (Escape); whoever shows it hides it and puts the focus
 * back where it was.
 *
 * @example
 * picker.addEventListener('chat-emoji-close', () => { popover.hidePopover(); button.focus(); });
 */
export class ChatEmojiCloseEvent extends Event {
  constructor() {
    super('chat-emoji-close', { bubbles: true, composed: true });
  }
}

/** Detail of `chat-unread-change`: the user's unread messages and mentions over all their servers. */
export interface UnreadChangeDetail {
  unread: number;
  mentions: number;
}

/**
 * The user's unread totals changed: messages of others not read yet and mentions of the user, over
 * all their servers. Fired by `<chat-app>` when it connects and after every change, for the page's
 * title or favicon.
 *
 * @example
 * // "(3) Hearth" with 3 mentions, "• Hearth" with unread messages only, as Discord does.
 * app.addEventListener('chat-unread-change', ({ detail: { unread, mentions } }) => {
 *   document.title = `${mentions > 0 ? `(${mentions}) ` : unread > 0 ? '• ' : ''}Hearth`;
 * });
 */
export class ChatUnreadChangeEvent extends CustomEvent<UnreadChangeDetail> {
  constructor(detail: UnreadChangeDetail) {
    super('chat-unread-change', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-unread-change': ChatUnreadChangeEvent;
    'chat-emoji-select': ChatEmojiSelectEvent;
    'chat-emoji-close': ChatEmojiCloseEvent;
    'chat-server-select': ChatServerSelectEvent;
    'chat-channel-select': ChatChannelSelectEvent;
    'chat-not-found': ChatNotFoundEvent;
    'chat-thread-open': ChatThreadOpenEvent;
  }
}
