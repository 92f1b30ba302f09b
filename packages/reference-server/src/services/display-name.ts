import { ChatError, ErrorCode } from './chat-error.js';

/** The longest name a guest may choose, in characters (code points). */
export const MAX_GUEST_NAME_LENGTH = 32;

/** The longest name shown for anyone, in characters (code points); longer names from tokens are shortened. */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/**
 * Characters no display name may carry: C0 and C1 controls (newlines and terminal escapes
 * included), line and paragraph separators, the bidirectional embeddings, overrides, isolates and
 * marks (which can make `Ada‮exe.png` read as something else, or turn the text after the name
 * around), and lone surrogates (which a UTF-8 database cannot keep).
 */
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\p{Surrogate}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/**
 * What does not show on screen: whitespace, default-ignorable code points (zero-width spaces and
 * joiners, soft hyphens, variation selectors, Hangul fillers) and the braille blank. A name needs
 * something besides these, but keeps them in between: a joiner builds 👨‍👩‍👧, ZWNJ spells Persian.
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/**
 * Names a guest may not take, compared case- and width-insensitively with spaces removed: the
 * product's own voice (its name, the demo's team, `system`), the word the interface could use for
 * the reader, and the roles of a server's staff.
 */
const RESERVED = new Set(['system', 'hearth', 'hearthteam', 'you', 'admin', 'administrator', 'moderator']);

const codePoints = (text: string) => [...text];

/** NFC, inner runs of whitespace made one space, trimmed. */
function normalize(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

const hasVisible = (name: string) => name.replace(INVISIBLE, '') !== '';

const reservedKey = (name: string) => name.normalize('NFKC').toLowerCase().replace(INVISIBLE, '');

const refuse = (message: string) => new ChatError(ErrorCode.invalidInput, message, { field: 'name' });

/**
 * The name a guest chose, normalised (NFC, whitespace trimmed and collapsed), or `invalid_input`
 * naming `name`: a guest can simply choose again, so unsafe characters are refused rather than
 * silently dropped, and so are names with nothing visible, reserved names and names over
 * {@link MAX_GUEST_NAME_LENGTH} characters.
 */
export function guestName(raw: string): string {
  if (UNSAFE.test(raw)) {
    throw refuse('name must not contain control characters, bidirectional formatting or text that is not well-formed Unicode');
  }
  const name = normalize(raw);
  if (!hasVisible(name)) throw refuse('name must have at least one visible character');
  if (codePoints(name).length > MAX_GUEST_NAME_LENGTH) throw refuse(`name must be 1 to ${MAX_GUEST_NAME_LENGTH} characters`);
  if (RESERVED.has(reservedKey(name))) throw refuse(`the name ${JSON.stringify(name)} is reserved; choose another`);
  return name;
}

/**
 * A name from the host site's token, made safe to show: unsafe characters removed, normalised
 * like a guest's name, shortened to {@link MAX_DISPLAY_NAME_LENGTH} characters. Cleaned rather
 * than refused, because refusing the token would lock its user out for something only the host
 * site can fix. Reserved names are kept: the host vouches for its users. Answers `''` when nothing
 * visible is left, so the caller can fall back to another name.
 */
export function cleanDisplayName(raw: string): string {
  const name = codePoints(normalize(raw.replace(UNSAFE_ALL, ' ')))
    .slice(0, MAX_DISPLAY_NAME_LENGTH)
    .join('')
    .trim();
  return hasVisible(name) ? name : '';
}
