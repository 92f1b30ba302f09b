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
  welcome: 'Welcome to {server}',
  defaultDescription: 'This is our home.',
  pickChannel: 'Pick a channel to start chatting.',
  messageLabel: 'Message #{channel}',
  send: 'Send',
  join: 'Join server',
  joinToPost: 'Join this server to post.',
  signInToPost: 'Sign in to post.',
  pending: 'Sending…',
  failed: 'Not sent.',
  retry: 'Retry',
  discard: 'Discard',
  newMessages: 'New messages',
  jumpToPresent: 'Jump to present',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Messages will be sent when you are back.',
  closed: 'Disconnected.',
  typingOne: '{name} is typing…',
  typingTwo: '{a} and {b} are typing…',
  typingMany: 'Several people are typing…',
  beginning: 'This is the beginning of #{channel}.',
  members: '{count} members',
  here: '{count} here',
  newMessageFrom: 'New message from {name}: {content}',
  emojiPicker: 'Emoji',
  searchEmoji: 'Search emoji',
  noEmoji: 'No emoji found.',
  emojiSmileys: 'Smileys',
  emojiPeople: 'People',
  emojiNature: 'Nature',
  emojiFood: 'Food & drink',
  emojiActivities: 'Activities & travel',
  emojiObjects: 'Objects',
  emojiSymbols: 'Symbols',
  edited: '(edited)',
  messageDeleted: 'Message deleted',
  messageActions: 'Message actions',
  edit: 'Edit',
  delete: 'Delete',
  copyLink: 'Copy link',
  linkCopied: 'Link copied.',
  editLabel: 'Edit message',
  editHint: 'Escape to cancel, Enter to save.',
  save: 'Save',
  cancel: 'Cancel',
  confirmDelete: 'Delete this message?',
  editFailed: 'Could not edit the message:',
  deleteFailed: 'Could not delete the message:',
} as const;

/** The strings of the elements; see {@link DEFAULT_STRINGS}. */
export type ChatStrings = { [K in keyof typeof DEFAULT_STRINGS]: string };

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
