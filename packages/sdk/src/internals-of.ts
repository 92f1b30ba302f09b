import { type ClientInternals, INTERNALS } from './internals.js';

/**
 * What `chat` shares with the optional entry `entry` (named in the error); a TypeError when `chat`
 * is no client of this SDK. A module of its own, which only the optional entries import, so that
 * nothing of it lands in the core or in a bundle's first file.
 */
export function internalsOf(chat: object, entry: string): ClientInternals {
  const internals = (chat as Partial<Record<typeof INTERNALS, ClientInternals>>)[INTERNALS];
  if (!internals) throw new TypeError(`@hearth/sdk/${entry}: pass a client made by createChatClient of the same @hearth/sdk`);
  return internals;
}
