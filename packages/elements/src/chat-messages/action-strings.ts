/**
 * The English defaults of the strings only the message actions say (why a change failed, a copied
 * link, who reacted, the reply bar): they ship with the actions' code, fetched on the first action
 * (`addStrings(ACTION_STRINGS)`), not in the main file. Override any of them through an element's
 * `strings` property like the others.
 */
export const ACTION_STRINGS = {
  linkCopied: 'Link copied.',
  editFailed: 'Could not edit the message:',
  deleteFailed: 'Could not delete the message:',
  reactFailed: 'Could not react:',
  you: 'You',
  nameAnd: '{a} and {b}',
  others: '{count} others',
  oneOther: '1 other',
  replyingTo: 'Replying to {name}',
  cancelReply: 'Cancel reply',
} as const;

/** The keys of {@link ACTION_STRINGS}, each a string. */
export type ActionStrings = { [K in keyof typeof ACTION_STRINGS]: string };
