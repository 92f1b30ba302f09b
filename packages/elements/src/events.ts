/** Detail of `chat-server-select`. */
export interface ServerSelectDetail {
  serverId: string;
}

/** Detail of `chat-channel-select`. */
export interface ChannelSelectDetail {
  serverId: string;
  channelId: string;
}

/** Detail of `chat-not-found`: what was asked for and did not exist (or is not visible). */
export interface NotFoundDetail {
  kind: 'server' | 'channel';
  id: string;
}

/** The user chose a server. Bubbles and crosses shadow roots. */
export class ChatServerSelectEvent extends CustomEvent<ServerSelectDetail> {
  constructor(detail: ServerSelectDetail) {
    super('chat-server-select', { detail, bubbles: true, composed: true });
  }
}

/** The user chose a channel. Bubbles and crosses shadow roots. */
export class ChatChannelSelectEvent extends CustomEvent<ChannelSelectDetail> {
  constructor(detail: ChannelSelectDetail) {
    super('chat-channel-select', { detail, bubbles: true, composed: true });
  }
}

/** A server or channel id given to an element does not exist; the element fell back to its home or landing view. */
export class ChatNotFoundEvent extends CustomEvent<NotFoundDetail> {
  constructor(detail: NotFoundDetail) {
    super('chat-not-found', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'chat-server-select': ChatServerSelectEvent;
    'chat-channel-select': ChatChannelSelectEvent;
    'chat-not-found': ChatNotFoundEvent;
  }
}
