/**
 * The English defaults of the strings that only code fetched on first use shows (the emoji picker,
 * the message editor, the message toolbar, the thread, the members, the landing view, Explore): they ship with that code, which
 * adds them (`addStrings(DEFERRED_STRINGS)`) as it loads, not in the main file. Override any of them
 * through an element's `strings` property like the others.
 */
export const DEFERRED_STRINGS = {
  welcome: 'Welcome to {server}',
  pickChannel: 'Pick a channel to start chatting.',
  closeMembers: 'Close members',
  onlineGroup: 'Online — {count}',
  offlineGroup: 'Offline — {count}',
  noMembers: 'No members yet.',
  threadIn: 'Thread in #{channel}',
  closeThread: 'Close thread',
  threadReplies: 'Replies',
  newReplyFrom: 'New reply from {name}: {content}',
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
  editLabel: 'Edit message',
  editHint: 'Escape to cancel, Enter to save.',
  save: 'Save',
  defaultDescription: 'This is our home.',
  exploreIntro: 'Find a community to join, or open one to look around first.',
  exploreCategories: 'Categories',
  exploreAll: 'All',
  exploreSearch: 'Search servers',
  exploreOneServer: '1 server',
  exploreServerCount: '{count} servers',
  exploreEmptyCategory: 'No servers in {category} yet.',
  exploreNoMatch: 'No servers match “{query}”.',
  exploreJoin: 'Join',
  exploreJoinServer: 'Join {server}',
  exploreJoining: 'Joining…',
  exploreJoined: 'Joined',
  exploreJoinedServer: 'You joined {server}.',
  oneMember: '1 member',
  replyInThread: 'Reply in thread',
  messageActions: 'Message actions',
  edit: 'Edit',
  reply: 'Reply',
  openThread: 'Open thread',
} as const;

/** The keys of {@link DEFERRED_STRINGS}, each a string. */
export type DeferredStrings = { [K in keyof typeof DEFERRED_STRINGS]: string };
