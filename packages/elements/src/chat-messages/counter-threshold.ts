/** The counter shows once fewer than this many characters are left before the limit. */
export const COUNTER_FROM = 200;
