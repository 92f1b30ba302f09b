// Generated from custom-elements.json by scripts/generate.mjs. Do not edit; run `npm run generate`.
//
// Markup types of the Hearth elements for Svelte 5 (svelte-check). Load them once, from any module:
//   import type {} from '@hearth/elements/svelte';
import type {
  ChatApp,
  ChatChannelSelectEvent,
  ChatChannels,
  ChatCreateServer,
  ChatInvite,
  ChatMembers,
  ChatMembersCloseEvent,
  ChatMessages,
  ChatNotFoundEvent,
  ChatProvider,
  ChatSearch,
  ChatSearchCloseEvent,
  ChatSearchOpenEvent,
  ChatServerList,
  ChatServerSelectEvent,
  ChatServerSettings,
  ChatThread,
  ChatThreadCloseEvent,
  ChatThreadOpenEvent,
  ChatUnreadChangeEvent,
} from '@hearth/elements';
import type { HTMLAttributes } from 'svelte/elements';

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'chat-app': HTMLAttributes<ChatApp> & {
      'server-id'?: ChatApp['serverId'];
      'channel-id'?: ChatApp['channelId'];
      member?: ChatApp['member'];
      invite?: ChatApp['invite'];
      'invite-base'?: ChatApp['inviteBase'];
      theme?: ChatApp['theme'];
      serverId?: ChatApp['serverId'];
      channelId?: ChatApp['channelId'];
      inviteBase?: ChatApp['inviteBase'];
      client?: ChatApp['client'];
      strings?: ChatApp['strings'];
      'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
      'onchat-channel-select'?: (event: ChatChannelSelectEvent) => void;
      'onchat-not-found'?: (event: ChatNotFoundEvent) => void;
      'onchat-search-open'?: (event: ChatSearchOpenEvent) => void;
      'onchat-unread-change'?: (event: ChatUnreadChangeEvent) => void;
    };
    'chat-channels': HTMLAttributes<ChatChannels> & {
      'server-id'?: ChatChannels['serverId'];
      'channel-id'?: ChatChannels['channelId'];
      'invite-base'?: ChatChannels['inviteBase'];
      theme?: ChatChannels['theme'];
      serverId?: ChatChannels['serverId'];
      channelId?: ChatChannels['channelId'];
      inviteBase?: ChatChannels['inviteBase'];
      client?: ChatChannels['client'];
      strings?: ChatChannels['strings'];
      'onchat-channel-select'?: (event: ChatChannelSelectEvent) => void;
      'onchat-not-found'?: (event: ChatNotFoundEvent) => void;
    };
    'chat-create-server': HTMLAttributes<ChatCreateServer> & {
      theme?: ChatCreateServer['theme'];
      client?: ChatCreateServer['client'];
      strings?: ChatCreateServer['strings'];
      'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
    };
    'chat-invite': HTMLAttributes<ChatInvite> & {
      code?: ChatInvite['code'];
      theme?: ChatInvite['theme'];
      client?: ChatInvite['client'];
      strings?: ChatInvite['strings'];
      'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
    };
    'chat-members': HTMLAttributes<ChatMembers> & {
      'server-id'?: ChatMembers['serverId'];
      closable?: ChatMembers['closable'];
      theme?: ChatMembers['theme'];
      serverId?: ChatMembers['serverId'];
      client?: ChatMembers['client'];
      strings?: ChatMembers['strings'];
      'onchat-members-close'?: (event: ChatMembersCloseEvent) => void;
    };
    'chat-messages': HTMLAttributes<ChatMessages> & {
      'server-id'?: ChatMessages['serverId'];
      'channel-id'?: ChatMessages['channelId'];
      'hide-deleted'?: ChatMessages['hideDeleted'];
      theme?: ChatMessages['theme'];
      serverId?: ChatMessages['serverId'];
      channelId?: ChatMessages['channelId'];
      hideDeleted?: ChatMessages['hideDeleted'];
      client?: ChatMessages['client'];
      strings?: ChatMessages['strings'];
      'onchat-not-found'?: (event: ChatNotFoundEvent) => void;
      'onchat-thread-open'?: (event: ChatThreadOpenEvent) => void;
    };
    'chat-provider': HTMLAttributes<ChatProvider> & {
      url?: ChatProvider['url'];
      token?: ChatProvider['token'];
      getToken?: ChatProvider['getToken'];
      client?: ChatProvider['client'];
    };
    'chat-search': HTMLAttributes<ChatSearch> & {
      'server-id'?: ChatSearch['serverId'];
      query?: ChatSearch['query'];
      'no-field'?: ChatSearch['noField'];
      closable?: ChatSearch['closable'];
      theme?: ChatSearch['theme'];
      serverId?: ChatSearch['serverId'];
      noField?: ChatSearch['noField'];
      client?: ChatSearch['client'];
      strings?: ChatSearch['strings'];
      'onchat-search-open'?: (event: ChatSearchOpenEvent) => void;
      'onchat-search-close'?: (event: ChatSearchCloseEvent) => void;
    };
    'chat-server-list': HTMLAttributes<ChatServerList> & {
      category?: ChatServerList['category'];
      member?: ChatServerList['member'];
      'server-id'?: ChatServerList['serverId'];
      theme?: ChatServerList['theme'];
      serverId?: ChatServerList['serverId'];
      client?: ChatServerList['client'];
      strings?: ChatServerList['strings'];
      'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
    };
    'chat-server-settings': HTMLAttributes<ChatServerSettings> & {
      'server-id'?: ChatServerSettings['serverId'];
      tab?: ChatServerSettings['tab'];
      theme?: ChatServerSettings['theme'];
      serverId?: ChatServerSettings['serverId'];
      inviteBase?: ChatServerSettings['inviteBase'];
      client?: ChatServerSettings['client'];
      strings?: ChatServerSettings['strings'];
    };
    'chat-thread': HTMLAttributes<ChatThread> & {
      'server-id'?: ChatThread['serverId'];
      'channel-id'?: ChatThread['channelId'];
      'root-id'?: ChatThread['rootId'];
      theme?: ChatThread['theme'];
      serverId?: ChatThread['serverId'];
      channelId?: ChatThread['channelId'];
      rootId?: ChatThread['rootId'];
      client?: ChatThread['client'];
      strings?: ChatThread['strings'];
      'onchat-thread-close'?: (event: ChatThreadCloseEvent) => void;
    };
  }
}
