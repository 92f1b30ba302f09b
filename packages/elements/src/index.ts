/**
 * `@hearth/elements`: importing this module registers every Hearth element; `<chat-thread>` is
 * loaded when the page first opens a thread, `<chat-members>` when `<chat-app>` first shows the
 * members, `<chat-invite>` when `<chat-app>` is given an invite, `<chat-search>` when the user
 * first focuses `<chat-app>`'s search field, each also when the page holds one at load (import
 * `@hearth/elements/chat-thread.js`, `@hearth/elements/chat-members.js`,
 * `@hearth/elements/chat-invite.js` or `@hearth/elements/chat-search.js` to have them at once). The server menu, the server settings
 * and "Create a server" are loaded when the user first opens them.
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
import { defineChatInviteOnDemand } from './chat-invite/load-chat-invite.js';
import { defineChatMembersOnDemand } from './chat-members/load-chat-members.js';
import { defineChatSearchOnDemand } from './chat-search/load-chat-search.js';
import { defineChatThreadOnDemand } from './chat-thread/load-chat-thread.js';

export type { ChatCreateServer } from './chat-community/create-server.js';
export type { ChatServerSettings, SettingsTab } from './chat-community/server-settings.js';
export type { ChatInvite } from './chat-invite/chat-invite.js';
export type { ChatMembers } from './chat-members/chat-members.js';
export { ChatMembersCloseEvent, type MembersDetail } from './chat-members/members-events.js';
// The search's code, events included, is fetched on first use (import them from `@hearth/elements/chat-search.js`).
export type {
  ChatSearch,
  ChatSearchCloseEvent,
  ChatSearchOpenEvent,
  SearchCloseDetail,
  SearchOpenDetail,
} from './chat-search/chat-search.js';
export type { ChatThread } from './chat-thread/chat-thread.js';
export { ChatThreadCloseEvent, type ThreadDetail } from './chat-thread/thread-events.js';
export {
  ChatChannelSelectEvent,
  ChatNotFoundEvent,
  ChatServerSelectEvent,
  ChatThreadOpenEvent,
  ChatUnreadChangeEvent,
  type ChannelSelectDetail,
  type NotFoundDetail,
  type ServerSelectDetail,
  type ThreadOpenDetail,
  type UnreadChangeDetail,
} from './events.js';
export { DEFAULT_STRINGS, type ChatStrings } from './internal/strings.js';

defineChatThreadOnDemand();
defineChatMembersOnDemand();
defineChatInviteOnDemand();
defineChatSearchOnDemand();
