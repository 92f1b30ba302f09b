import { ChatError, ErrorCode } from './chat-error.js';

// With the `u` flag a paired surrogate is one code point, so this matches only the unpaired ones.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Refuses text that is not well-formed Unicode. A lone surrogate survives JSON (`"\ud800"`) but
 * not UTF-8: the database would keep U+FFFD instead, so the ack would echo one string and history
 * another, and two different clientIds would become the same one.
 */
export function assertWellFormed(text: string, field: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new ChatError(ErrorCode.invalidInput, `${field} is not well-formed Unicode (it has a lone surrogate)`, { field });
  }
}
