/**
 * `@hearth/sdk`: the typed client of Hearth chat.
 *
 * @example
 * import { createChatClient } from '@hearth/sdk';
 * const chat = createChatClient({ url: 'https://chat.example.com', token });
 * chat.channel('c_general').$messages.subscribe((rows) => render(rows));
 *
 * @module
 */
export {
  createChatClient,
  signInAsGuest,
  type Category,
  type Channel,
  type ChatClient,
  type ChatClientOptions,
  type ChatEvents,
  type GuestToken,
  type Membership,
  type MessagePage,
  type Server,
} from './client.js';
export { ChatChannel, isPending, type ChannelStatus, type ChatMessage } from './channel-store.js';
export type { ConnectionState, WebSocketConstructor, WebSocketLike } from './connection.js';
export { ChatApiError, ChatSocketError, type Problem } from './errors.js';
export type { PendingMessage } from './outbox.js';
export type { Message, User } from './protocol/frames.js';
