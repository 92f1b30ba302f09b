import { MAX_CONTENT_LENGTH } from '@hearth/sdk/protocol';
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

/**
 * The content of a message, new or edited: a string, not blank (unless `allowBlank`: a message
 * with files may have no text), at most {@link MAX_CONTENT_LENGTH} characters, well-formed.
 */
export function validateContent(content: unknown, { allowBlank = false }: { allowBlank?: boolean } = {}): string {
  if (typeof content !== 'string') {
    throw new ChatError(ErrorCode.invalidInput, 'content must be a string', { field: 'content' });
  }
  if (!allowBlank && content.trim().length === 0) {
    throw new ChatError(ErrorCode.invalidInput, 'content must not be empty', { field: 'content' });
  }
  if (content.length > MAX_CONTENT_LENGTH) {
    throw new ChatError(ErrorCode.contentTooLong, `content is over ${MAX_CONTENT_LENGTH} characters`, {
      field: 'content',
    });
  }
  assertWellFormed(content, 'content');
  return content;
}

// Made on the first reaction, not at start: ICU's grapheme rules cost a server about 2.5 MB of
// memory from then on, and most servers go a while without one.
let graphemes: Intl.Segmenter | undefined;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Presentation}/u;
const FLAG = /^\p{Regional_Indicator}{2}$/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;

/**
 * A reaction's emoji: exactly one grapheme that is a Unicode emoji (a pictograph, with any
 * modifiers, joiners and variation selectors that make it one grapheme) or a flag (a pair of
 * regional indicators). Text, two emoji, or an emoji with text after it are refused.
 */
export function validateEmoji(emoji: unknown): string {
  if (typeof emoji !== 'string' || emoji.length === 0 || emoji.length > 64) {
    throw new ChatError(ErrorCode.invalidInput, 'emoji must be one emoji', { field: 'emoji' });
  }
  assertWellFormed(emoji, 'emoji');
  let count = 0;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const _segment of graphemes.segment(emoji)) if (++count > 1) break;
  // A regional indicator is an emoji only as half of a flag.
  const isEmoji = REGIONAL_INDICATOR.test(emoji) ? FLAG.test(emoji) : PICTOGRAPHIC.test(emoji);
  if (count !== 1 || !isEmoji) {
    throw new ChatError(ErrorCode.invalidInput, 'emoji must be exactly one Unicode emoji', { field: 'emoji' });
  }
  return emoji;
}
