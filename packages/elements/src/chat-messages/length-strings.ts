/**
 * The English defaults of the strings the length counter says (the composer's and the message
 * editor's): they ship with the counter's code, fetched at the first keystroke
 * (`addStrings(LENGTH_STRINGS)`), not in the main file. Override any of them through an element's
 * `strings` property like the others.
 */
export const LENGTH_STRINGS = {
  charactersLeft: '{count} characters left',
  charactersOver: '{count} characters over the limit of {max}',
  nearLimit: 'The message is close to the limit of {max} characters.',
  overLimit: 'The message is over the limit of {max} characters: shorten it to send it.',
} as const;

/** The keys of {@link LENGTH_STRINGS}, each a string. */
export type LengthStrings = { [K in keyof typeof LENGTH_STRINGS]: string };
