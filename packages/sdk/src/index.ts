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
  type AuditEntry,
  type AuditLogPage,
  type Ban,
  type Category,
  type Channel,
  type ChatClient,
  type ChatClientOptions,
  type ChatEvents,
  type Invite,
  type InvitePreview,
  type Member,
  type MemberPage,
  type Membership,
  type MembershipStore,
  type MessagePage,
  type Role,
  type Server,
  type ServerQuery,
} from './client.js';
export type { AsyncState, AsyncStore } from './async-store.js';
export {
  isPending,
  type ChannelStatus,
  type ChatChannel,
  type ChatMessage,
  type ChatThread,
  type SendOptions,
  type StoredMessage,
} from './chat-channel.js';
export type { ConnectionState, WebSocketConstructor, WebSocketLike } from './connection.js';
export { ChatApiError, ChatSocketError, type Problem } from './errors.js';
export type { PendingMessage } from './outbox.js';
export type { Attachment, Message, Reaction, ReadState, ReplyQuote, ThreadSummary, User } from './protocol/frames.js';
export type { Reactors } from './message-actions.js';
export type { UnreadCount } from './read-states.js';
export type { GuestToken } from './guest.js';
