import { MAX_SEARCH_QUERY_LENGTH } from '@hearth/sdk/protocol';
import { ChatError, ErrorCode } from './chat-error.js';

/** A search box's text taken apart: the words to match and the filters that narrow them. */
export interface ParsedSearch {
  /**
   * The words, lowercased, each a run of letters, digits and marks only: no character of them is
   * FTS5 or tsquery syntax.
   */
  words: string[];
  /** Whether the last word also matches as a prefix: when it has two characters or more. */
  prefix: boolean;
  /** `from:` values (names or ids, `@` removed); a message by any of them matches. */
  from: string[];
  /** `in:` values (channel names, `#` removed); a message in any of them matches. */
  in: string[];
  has?: 'file' | 'image';
  /** Only messages sent before this instant: the start of the `before:` day (UTC), ISO 8601. */
  before?: string;
  /** Only messages sent at or after this instant: the end of the `after:` day (UTC), ISO 8601. */
  after?: string;
}

const FILTER_KEYS = ['from', 'in', 'has', 'before', 'after'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

// A filter with a quoted value (`from:"Ada L"`), a quoted run of words, or any other run of non-space.
// An unclosed quote runs to the end of the text.
const PIECE = /([A-Za-z]+):"([^"]*)"?|"([^"]*)"?|(\S+)/g;
const KEY_VALUE = /^([A-Za-z]+):(.*)$/s;
// What both engines' tokenizers keep as a word: letters, digits and the marks that accent them.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The shortest last word that also matches as the start of a longer one. */
export const MIN_PREFIX_LENGTH = 2;

const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);

const invalid = (message: string) => new ChatError(ErrorCode.invalidInput, message, { field: 'q' });

/**
 * The words of a piece of text as both engines tokenize it: runs of letters, digits and marks,
 * lowercased; punctuation separates them and is never kept.
 */
export function wordsOf(text: string): string[] {
  return Array.from(text.matchAll(WORD), (match) => match[0].toLowerCase());
}

/** The instant a `YYYY-MM-DD` day begins (UTC), in milliseconds, or undefined for no real day. */
function dayStart(value: string): number | undefined {
  const parts = DAY.exec(value);
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const start = Date.UTC(year, month - 1, day);
  const back = new Date(start);
  // Date.UTC rolls 2026-02-30 over into March: a day that does not round-trip does not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return start;
}

function applyFilter(parsed: ParsedSearch, key: FilterKey, rawValue: string): void {
  const value = rawValue.trim();
  switch (key) {
    case 'from': {
      const name = value.replace(/^@/, '').trim();
      if (!name) throw invalid('from: needs a user name or id (from:ada, from:"Ada Lovelace")');
      parsed.from.push(name);
      return;
    }
    case 'in': {
      const name = value.replace(/^#/, '').trim();
      if (!name) throw invalid('in: needs a channel name (in:general)');
      parsed.in.push(name);
      return;
    }
    case 'has': {
      const kind = value.toLowerCase();
      if (kind !== 'file' && kind !== 'image') throw invalid(`has: expects file or image, not "${value}"`);
      parsed.has = kind;
      return;
    }
    case 'before':
    case 'after': {
      const start = dayStart(value);
      if (start === undefined) throw invalid(`${key}: expects a day as YYYY-MM-DD, not "${value}"`);
      if (key === 'before') parsed.before = new Date(start).toISOString();
      else parsed.after = new Date(start + DAY_MS).toISOString();
      return;
    }
  }
}

/**
 * Parses a search box's text (the `q` of `GET /api/search`) into words and filters: `from:`,
 * `in:`, `has:file|image`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`, each value in double quotes
 * when it holds spaces. Any other `key:value` (a URL, `10:30`) is words. A known filter with a bad
 * value, a text with neither words nor filters, or one over {@link MAX_SEARCH_QUERY_LENGTH} is
 * `invalid_input` naming `q`. Repeated `from:` or `in:` match any of their values; for the other
 * filters the last one counts.
 *
 * @example
 * parseSearch('deploy from:@ada in:"release notes" has:image');
 * // { words: ['deploy'], prefix: true, from: ['ada'], in: ['release notes'], has: 'image' }
 */
export function parseSearch(text: string): ParsedSearch {
  if (text.length > MAX_SEARCH_QUERY_LENGTH) throw invalid(`q is over ${MAX_SEARCH_QUERY_LENGTH} characters`);
  const parsed: ParsedSearch = { words: [], prefix: false, from: [], in: [] };
  let filters = 0;
  for (const match of text.matchAll(PIECE)) {
    const [, quotedKey, quotedValue, quotedWords, bare] = match;
    if (quotedKey !== undefined && isFilterKey(quotedKey.toLowerCase())) {
      applyFilter(parsed, quotedKey.toLowerCase() as FilterKey, quotedValue ?? '');
      filters += 1;
      continue;
    }
    const keyValue = bare === undefined ? undefined : KEY_VALUE.exec(bare);
    const key = keyValue?.[1]?.toLowerCase();
    if (keyValue && key !== undefined && isFilterKey(key)) {
      applyFilter(parsed, key, keyValue[2] ?? '');
      filters += 1;
      continue;
    }
    // Not a filter: a quoted key:"value" of an unknown key, quoted words, or a bare run.
    parsed.words.push(...wordsOf(bare ?? quotedWords ?? `${quotedKey ?? ''} ${quotedValue ?? ''}`));
  }
  if (parsed.words.length === 0 && filters === 0) throw invalid('q needs a word to find or a filter');
  // A one-letter prefix would match a large share of every word there is.
  parsed.prefix = [...(parsed.words.at(-1) ?? '')].length >= MIN_PREFIX_LENGTH;
  return parsed;
}
