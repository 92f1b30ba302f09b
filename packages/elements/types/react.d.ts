// Generated from custom-elements.json by scripts/generate.mjs. Do not edit; run `npm run generate`.
//
// JSX types of the Hearth elements for React 19. Load them once, from any module or .d.ts file:
//   import type {} from '@hearth/elements/react';
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
import type { HTMLAttributes, RefAttributes } from 'react';

/** What React accepts on a Hearth element: its own props, and those of any HTML element. */
type HearthElementProps<E extends HTMLElement, Own> = Own & HTMLAttributes<E> & RefAttributes<E>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'chat-app': HearthElementProps<
        ChatApp,
        {
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
        }
      >;
      'chat-channels': HearthElementProps<
        ChatChannels,
        {
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
        }
      >;
      'chat-create-server': HearthElementProps<
        ChatCreateServer,
        {
          theme?: ChatCreateServer['theme'];
          client?: ChatCreateServer['client'];
          strings?: ChatCreateServer['strings'];
          'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
        }
      >;
      'chat-invite': HearthElementProps<
        ChatInvite,
        {
          code?: ChatInvite['code'];
          theme?: ChatInvite['theme'];
          client?: ChatInvite['client'];
          strings?: ChatInvite['strings'];
          'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
        }
      >;
      'chat-members': HearthElementProps<
        ChatMembers,
        {
          'server-id'?: ChatMembers['serverId'];
          closable?: ChatMembers['closable'];
          theme?: ChatMembers['theme'];
          serverId?: ChatMembers['serverId'];
          client?: ChatMembers['client'];
          strings?: ChatMembers['strings'];
          'onchat-members-close'?: (event: ChatMembersCloseEvent) => void;
        }
      >;
      'chat-messages': HearthElementProps<
        ChatMessages,
        {
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
        }
      >;
      'chat-provider': HearthElementProps<
        ChatProvider,
        {
          url?: ChatProvider['url'];
          token?: ChatProvider['token'];
          getToken?: ChatProvider['getToken'];
          client?: ChatProvider['client'];
        }
      >;
      'chat-search': HearthElementProps<
        ChatSearch,
        {
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
        }
      >;
      'chat-server-list': HearthElementProps<
        ChatServerList,
        {
          category?: ChatServerList['category'];
          member?: ChatServerList['member'];
          'server-id'?: ChatServerList['serverId'];
          theme?: ChatServerList['theme'];
          serverId?: ChatServerList['serverId'];
          client?: ChatServerList['client'];
          strings?: ChatServerList['strings'];
          'onchat-server-select'?: (event: ChatServerSelectEvent) => void;
        }
      >;
      'chat-server-settings': HearthElementProps<
        ChatServerSettings,
        {
          'server-id'?: ChatServerSettings['serverId'];
          tab?: ChatServerSettings['tab'];
          theme?: ChatServerSettings['theme'];
          serverId?: ChatServerSettings['serverId'];
          inviteBase?: ChatServerSettings['inviteBase'];
          client?: ChatServerSettings['client'];
          strings?: ChatServerSettings['strings'];
        }
      >;
      'chat-thread': HearthElementProps<
        ChatThread,
        {
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
        }
      >;
    }
  }
}
