import type { ActionStrings } from '../chat-messages/action-strings.js';
import type { AttachmentStrings } from '../chat-messages/attachment-strings.js';
import type { CommunityStrings } from './community-strings.js';
import type { DeferredStrings } from './deferred-strings.js';
import type { LengthStrings } from '../chat-messages/length-strings.js';
import type { SearchStrings } from '../chat-search/search-strings.js';

/**
 * Every string the elements show, in English. Pass a partial object as the `strings` property of
 * any element (or of `<chat-app>`, which hands it down) to translate or reword them.
 */
export const DEFAULT_STRINGS = {
  servers: 'Servers',
  explore: 'Explore',
  home: 'Home',
  channels: 'Channels',
  openChannels: 'Open channels',
  closeChannels: 'Close channels',
  loading: 'Loading…',
  loadFailed: 'Could not load.',
  joinFailed: 'Could not join the server.',
  noServers: 'No servers yet.',
  messageLabel: 'Message #{channel}',
  send: 'Send',
  join: 'Join server',
  joinToPost: 'Join this server to post.',
  signInToPost: 'Sign in to post.',
  signInToChat: 'Sign in to chat.',
  pending: 'Sending…',
  failed: 'Not sent.',
  retry: 'Retry',
  discard: 'Discard',
  newMessages: 'New messages',
  jumpToPresent: 'Jump to present',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Messages will be sent when you are back.',
  closed: 'Disconnected.',
  reconnectNow: 'Reconnect now',
  typingOne: '{name} is typing…',
  typingTwo: '{a} and {b} are typing…',
  typingMany: 'Several people are typing…',
  beginning: 'This is the beginning of #{channel}.',
  members: '{count} members',
  /** The `one` plural form of `members` (see {@link formatCount}). */
  member: '{count} member',
  here: '{count} here',
  /** After the names of those here, when more have the channel open than are named. */
  hereAndMore: 'and {count} more',
  unreadCount: '{count} unread',
  newDivider: 'New',
  unreadSince: '{count} new messages since {time}',
  oneUnreadSince: '1 new message since {time}',
  unreadMessages: '{count} new messages',
  jumpToUnread: 'Jump',
  oneMention: '1 mention',
  mentionCount: '{count} mentions',
  showMembers: 'Show members',
  hideMembers: 'Hide members',
  membersTitle: 'Members',
  owner: 'Owner',
  newMessageFrom: 'New message from {name}: {content}',
  thread: 'Thread',
  oneReply: '1 reply',
  replies: '{count} replies',
  threadSummaryTitle: 'Open thread',
  mentionSuggestions: 'Members to mention',
  edited: '(edited)',
  messageDeleted: 'Message deleted',
  delete: 'Delete',
  copyLink: 'Copy link',
  cancel: 'Cancel',
  confirmDelete: 'Delete this message?',
  react: 'Add reaction',
  reactions: 'Reactions',
  reactionCount: '{emoji} {count} reactions',
  reactionCountOne: '{emoji} 1 reaction',
  removeYours: '{label}, press to remove yours',
  addYours: '{label}, press to add yours',
  inReplyTo: 'In reply to',
  originalDeleted: 'Original message deleted',
  createServer: 'Create a server',
  kicked: 'You were removed from {server}.',
  banned: 'You were banned from {server}.',
  attachFiles: 'Attach files',
  search: 'Search',
} as const;

/**
 * The strings of the elements: {@link DEFAULT_STRINGS}, those of the community dialogs, which
 * ship with their code (`COMMUNITY_STRINGS`), and those of the other code fetched on first use
 * (`DEFERRED_STRINGS`: the emoji picker, the message editor and toolbar, the thread, the members,
 * the landing, Explore;
 * `ACTION_STRINGS`: what the message actions say; `ATTACHMENT_STRINGS`: files on messages;
 * `SEARCH_STRINGS`: the search results; `LENGTH_STRINGS`: the length counter).
 */
export type ChatStrings = { [K in keyof typeof DEFAULT_STRINGS]: string } & CommunityStrings &
  DeferredStrings &
  ActionStrings &
  AttachmentStrings &
  SearchStrings &
  LengthStrings;

/** Defaults added by code fetched on first use, as it loads (see {@link addStrings}). */
export const addedStrings: Partial<ChatStrings> = {};

/** Makes `strings` defaults for every element: code fetched on first use brings its own strings. */
export const addStrings = (strings: Partial<ChatStrings>) => Object.assign(addedStrings, strings);

/**
 * Fills `{count}` into `one` or `other`, as the page's language (its `lang`, English without one)
 * names the plural form of `count`: "1 member", "2 members".
 */
export function formatCount(one: string, other: string, count: number): string {
  return format(new Intl.PluralRules(document.documentElement.lang || 'en').select(count) === 'one' ? one : other, { count });
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
