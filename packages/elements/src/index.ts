/**
 * `@hearth/elements`: importing this module registers every Hearth element.
 *
 * @example
 * import '@hearth/elements';
 * // <chat-provider url="https://chat.example.com" token="…"><chat-app></chat-app></chat-provider>
 *
 * @module
 */
export { ChatApp } from './chat-app/chat-app.js';
export { ChatChannels } from './chat-channels/chat-channels.js';
export { ChatMessages } from './chat-messages/chat-messages.js';
export { ChatProvider } from './chat-provider/chat-provider.js';
export { ChatServerList } from './chat-server-list/chat-server-list.js';
export {
  ChatChannelSelectEvent,
  ChatNotFoundEvent,
  ChatServerSelectEvent,
  ChatThreadOpenEvent,
  type ChannelSelectDetail,
  type NotFoundDetail,
  type ServerSelectDetail,
  type ThreadOpenDetail,
} from './events.js';
export { DEFAULT_STRINGS, type ChatStrings } from './internal/strings.js';
