/** A matched range of an excerpt, in UTF-16 code units: `start` inclusive, `end` exclusive. */
export interface Highlight {
  start: number;
  end: number;
}

/** Part of a message's content around its first match, and where the words matched in it. */
export interface Excerpt {
  excerpt: string;
  highlights: Highlight[];
}

/** About how long an excerpt is, in UTF-16 code units, the `…` marks not counted. */
export const EXCERPT_LENGTH = 200;
// How much of the text before the first match an excerpt keeps, so the match is read in context.
const LEAD = 60;
// How far the cut may move to fall between words instead of inside one.
const WORD_SLACK = 20;
const ELLIPSIS = '…';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

/** A word folded the way the engines compare them: accents removed, lowercased. */
const fold = (word: string): string => word.normalize('NFD').replace(MARKS, '').toLowerCase();

/** The ranges of `content` whose words are among `words` (the last also as a prefix when `prefix`), in order. */
function matchesIn(content: string, words: readonly string[], prefix: boolean): Highlight[] {
  const folded = words.map(fold).filter((word) => word.length > 0);
  if (folded.length === 0) return [];
  const whole = new Set(folded);
  const last = folded[folded.length - 1] as string;
  const ranges: Highlight[] = [];
  for (const match of content.matchAll(WORD)) {
    const word = fold(match[0]);
    if (whole.has(word) || (prefix && word.startsWith(last))) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Moves a cut at `index` between two words, looking {@link WORD_SLACK} characters in `direction` at
 * most, and off the middle of a surrogate pair.
 */
function cutAt(content: string, index: number, direction: 1 | -1): number {
  let cut = index;
  for (let step = 0; step < WORD_SLACK; step += 1) {
    const at = index + step * direction;
    if (at <= 0 || at >= content.length) break;
    // A start goes just after a space, an end just before one.
    const spaceBefore = /\s/.test(content[at - 1] as string);
    if (spaceBefore !== /\s/.test(content[at] as string) && spaceBefore === (direction === 1)) {
      cut = at;
      break;
    }
  }
  if (cut > 0 && cut < content.length && isLowSurrogate(content.charCodeAt(cut))) cut += direction === 1 ? 1 : -1;
  return cut;
}

/**
 * The excerpt of `content` a search result shows: the whole content when it is short, else about
 * {@link EXCERPT_LENGTH} characters starting a little before the first match, with `…` where it
 * is cut; and the ranges of the excerpt where `words` matched (ignoring case and accents, the last
 * word also as a prefix when `prefix`), as the engines match them.
 */
export function excerptOf(content: string, words: readonly string[], prefix = true): Excerpt {
  const matches = matchesIn(content, words, prefix);
  if (content.length <= EXCERPT_LENGTH) return { excerpt: content, highlights: matches };
  const first = matches[0]?.start ?? 0;
  let start = first <= LEAD ? 0 : cutAt(content, first - LEAD, 1);
  let end = Math.min(content.length, start + EXCERPT_LENGTH);
  if (end === content.length) start = cutAt(content, Math.max(0, end - EXCERPT_LENGTH), 1);
  else end = cutAt(content, end, -1);
  const lead = start > 0 ? ELLIPSIS : '';
  const excerpt = lead + content.slice(start, end) + (end < content.length ? ELLIPSIS : '');
  const shift = lead.length - start;
  const highlights = matches
    .filter((range) => range.start >= start && range.end <= end)
    .map((range) => ({ start: range.start + shift, end: range.end + shift }));
  return { excerpt, highlights };
}
