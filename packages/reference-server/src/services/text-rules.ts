import { ChatError, ErrorCode } from './chat-error.js';

// With the `u` flag a paired surrogate is one code point, so this matches only the unpaired ones.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Refuses text that is not well-formed Unicode, or that holds U+0000. A lone surrogate survives
 * JSON (`"\ud800"`) but not UTF-8: the database would keep U+FFFD instead, so the ack would echo
 * one string and history another, and two different clientIds would become the same one. NUL is
 * valid Unicode that PostgreSQL cannot store in text at all; it is refused on every engine, so
 * both accept the same texts.
 */
export function assertWellFormed(text: string, field: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new ChatError(ErrorCode.invalidInput, `${field} is not well-formed Unicode (it has a lone surrogate)`, { field });
  }
  if (text.includes('\u0000')) {
    throw new ChatError(ErrorCode.invalidInput, `${field} must not contain U+0000 (NUL)`, { field });
  }
}

/** Whether storage keeps `text` as given: well-formed Unicode without NUL (see {@link assertWellFormed}). */
export function isStorable(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !text.includes('\u0000');
}
