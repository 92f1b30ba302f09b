// Generated from custom-elements.json by scripts/generate.mjs. Do not edit; run `npm run generate`.
//
// Template types of the Hearth elements for Vue 3 (vue-tsc). Load them once, from any module:
//   import type {} from '@hearth/elements/vue';
// and tell Vue's compiler that chat-* tags are custom elements (isCustomElement).
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
import type { DefineComponent } from 'vue';

declare module 'vue' {
  interface GlobalComponents {
    'chat-app': DefineComponent<{
      serverId?: ChatApp['serverId'];
      channelId?: ChatApp['channelId'];
      inviteBase?: ChatApp['inviteBase'];
      client?: ChatApp['client'];
      strings?: ChatApp['strings'];
      onChatServerSelect?: (event: ChatServerSelectEvent) => void;
      onChatChannelSelect?: (event: ChatChannelSelectEvent) => void;
      onChatNotFound?: (event: ChatNotFoundEvent) => void;
      onChatSearchOpen?: (event: ChatSearchOpenEvent) => void;
      onChatUnreadChange?: (event: ChatUnreadChangeEvent) => void;
    }>;
    'chat-channels': DefineComponent<{
      serverId?: ChatChannels['serverId'];
      channelId?: ChatChannels['channelId'];
      inviteBase?: ChatChannels['inviteBase'];
      client?: ChatChannels['client'];
      strings?: ChatChannels['strings'];
      onChatChannelSelect?: (event: ChatChannelSelectEvent) => void;
      onChatNotFound?: (event: ChatNotFoundEvent) => void;
    }>;
    'chat-create-server': DefineComponent<{
      client?: ChatCreateServer['client'];
      strings?: ChatCreateServer['strings'];
      onChatServerSelect?: (event: ChatServerSelectEvent) => void;
    }>;
    'chat-invite': DefineComponent<{
      client?: ChatInvite['client'];
      strings?: ChatInvite['strings'];
      onChatServerSelect?: (event: ChatServerSelectEvent) => void;
    }>;
    'chat-members': DefineComponent<{
      serverId?: ChatMembers['serverId'];
      client?: ChatMembers['client'];
      strings?: ChatMembers['strings'];
      onChatMembersClose?: (event: ChatMembersCloseEvent) => void;
    }>;
    'chat-messages': DefineComponent<{
      serverId?: ChatMessages['serverId'];
      channelId?: ChatMessages['channelId'];
      hideDeleted?: ChatMessages['hideDeleted'];
      client?: ChatMessages['client'];
      strings?: ChatMessages['strings'];
      onChatNotFound?: (event: ChatNotFoundEvent) => void;
      onChatThreadOpen?: (event: ChatThreadOpenEvent) => void;
    }>;
    'chat-provider': DefineComponent<{
      getToken?: ChatProvider['getToken'];
      client?: ChatProvider['client'];
    }>;
    'chat-search': DefineComponent<{
      serverId?: ChatSearch['serverId'];
      noField?: ChatSearch['noField'];
      client?: ChatSearch['client'];
      strings?: ChatSearch['strings'];
      onChatSearchOpen?: (event: ChatSearchOpenEvent) => void;
      onChatSearchClose?: (event: ChatSearchCloseEvent) => void;
    }>;
    'chat-server-list': DefineComponent<{
      serverId?: ChatServerList['serverId'];
      client?: ChatServerList['client'];
      strings?: ChatServerList['strings'];
      onChatServerSelect?: (event: ChatServerSelectEvent) => void;
    }>;
    'chat-server-settings': DefineComponent<{
      serverId?: ChatServerSettings['serverId'];
      inviteBase?: ChatServerSettings['inviteBase'];
      client?: ChatServerSettings['client'];
      strings?: ChatServerSettings['strings'];
    }>;
    'chat-thread': DefineComponent<{
      serverId?: ChatThread['serverId'];
      channelId?: ChatThread['channelId'];
      rootId?: ChatThread['rootId'];
      client?: ChatThread['client'];
      strings?: ChatThread['strings'];
      onChatThreadClose?: (event: ChatThreadCloseEvent) => void;
    }>;
  }
}
